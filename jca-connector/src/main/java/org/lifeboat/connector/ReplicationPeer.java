package org.lifeboat.connector;

import java.io.Serializable;

/** Who is on the other end of a replication connection, as far as the transport can tell. */
public record ReplicationPeer(String remoteAddress, String tlsProtocol) implements Serializable {
}
