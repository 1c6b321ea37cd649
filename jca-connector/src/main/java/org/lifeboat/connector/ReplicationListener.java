package org.lifeboat.connector;

import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.Hello;

/**
 * The message listener a process-server endpoint (a message-driven bean) implements to receive what
 * agents send on the replication port. The adapter owns sockets, TLS and framing; the endpoint owns
 * decisions (who may connect, what to answer).
 */
public interface ReplicationListener {

    /**
     * Called with the first frame of a connection, after TLS and frame checks.
     *
     * @return the frame to send back: a WELCOME keeps the connection open, an ERROR closes it
     */
    Frame onHello(Hello hello, ReplicationPeer peer);
}
