package org.lifeboat.processserver;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.ejb.MessageDriven;
import org.lifeboat.connector.ReplicationListener;
import org.lifeboat.connector.ReplicationPeer;
import org.lifeboat.monitoring.LifeboatVersion;
import org.lifeboat.protocol.ErrorCode;
import org.lifeboat.protocol.ErrorReply;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.Hello;
import org.lifeboat.protocol.ProtocolLimits;
import org.lifeboat.protocol.Welcome;

/**
 * The process server's side of the agent handshake, delivered by the replication resource adapter
 * (bound by name in glassfish-ejb-jar.xml). Agents that speak another protocol version are told so.
 */
@MessageDriven(messageListenerInterface = ReplicationListener.class)
public class ReplicationEndpoint implements ReplicationListener {

    static final String SERVER_NAME = "lifeboat-process-server";

    private static final Logger LOG = Logger.getLogger(ReplicationEndpoint.class.getName());

    @Override
    public Frame onHello(Hello hello, ReplicationPeer peer) {
        if (hello.protocolVersion() != ProtocolLimits.PROTOCOL_VERSION) {
            return new ErrorReply(ErrorCode.UNSUPPORTED_VERSION, "this server speaks protocol "
                    + ProtocolLimits.PROTOCOL_VERSION + ", the agent " + hello.protocolVersion()).toFrame();
        }
        String session = UUID.randomUUID().toString();
        LOG.log(Level.FINE, "Agent {0} {1} connected from {2} over {3}, session {4}",
                new Object[]{hello.agentName(), hello.agentVersion(), peer.remoteAddress(), peer.tlsProtocol(), session});
        return new Welcome(SERVER_NAME, LifeboatVersion.current(), session,
                "Hello " + hello.agentName() + ": the handshake works").toFrame();
    }
}
