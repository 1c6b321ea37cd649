package org.lifeboat.processserver;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import org.lifeboat.connector.Admission;
import org.lifeboat.connector.ReplicationListener;
import org.lifeboat.connector.ReplicationPeer;
import org.lifeboat.fabric.AgentRegistration;
import org.lifeboat.fabric.MobilityAgent;
import org.lifeboat.monitoring.LifeboatVersion;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.protocol.ErrorCode;
import org.lifeboat.protocol.ErrorReply;
import org.lifeboat.protocol.Hello;
import org.lifeboat.protocol.ProtocolLimits;
import org.lifeboat.protocol.Welcome;

/**
 * The process server's side of the agent handshake, delivered by the replication resource adapter
 * (bound by name in glassfish-ejb-jar.xml). A registered agent is admitted with the disks it may
 * replicate; an unregistered one may only ping; an unknown or revoked one is refused before the
 * adapter reads any data from it.
 */
@MessageDriven(messageListenerInterface = ReplicationListener.class)
public class ReplicationEndpoint implements ReplicationListener {

    static final String SERVER_NAME = "lifeboat-process-server";

    private static final Logger LOG = Logger.getLogger(ReplicationEndpoint.class.getName());

    @EJB
    private AgentRegistration registration;

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private SegmentRepository segments;

    @Override
    public Admission onHello(Hello hello, ReplicationPeer peer) {
        if (hello.protocolVersion() != ProtocolLimits.PROTOCOL_VERSION) {
            return Admission.refuse(new ErrorReply(ErrorCode.UNSUPPORTED_VERSION, "this server speaks protocol "
                    + ProtocolLimits.PROTOCOL_VERSION + ", the agent " + hello.protocolVersion()));
        }
        String session = UUID.randomUUID().toString();
        if (hello.agentId().isEmpty()) {
            return Admission.admit(welcome(session, "Hello " + hello.agentName() + ": the handshake works"), "",
                    List.of());
        }
        Optional<MobilityAgent> agent = registration.authenticate(hello.agentId(),
                new String(hello.credential(), StandardCharsets.UTF_8));
        if (agent.isEmpty()) {
            return Admission.refuse(new ErrorReply(ErrorCode.UNAUTHENTICATED,
                    "agent " + hello.agentId() + " is unknown, revoked, or its credential is wrong"));
        }
        Optional<ProtectedItem> item = replication.itemOf(agent.get().getId());
        Optional<ErrorReply> elsewhere = item.flatMap(ReplicationEndpoint::assignedElsewhere);
        if (elsewhere.isPresent()) {
            LOG.log(Level.INFO, "Agent {0} ({1}) refused: {2}", new Object[]{agent.get().getName(),
                    agent.get().getId(), elsewhere.get().message()});
            return Admission.refuse(elsewhere.get());
        }
        List<Admission.AdmittedDisk> disks = item.map(ProtectedItem::getDisks).orElse(List.of()).stream()
                .map(this::admitted).toList();
        LOG.log(Level.INFO, "Agent {0} ({1}) connected from {2}, {3} protected disk(s), session {4}",
                new Object[]{agent.get().getName(), agent.get().getId(), peer.remoteAddress(), disks.size(), session});
        return Admission.admit(welcome(session, disks.isEmpty() ? "no disk of this agent is protected yet"
                : "replicating " + disks.size() + " disk(s)"), agent.get().getId(), disks);
    }

    /** A disk with what is durable of it in Azure: all a server that lost its journal still holds. */
    private Admission.AdmittedDisk admitted(ProtectedDisk disk) {
        return new Admission.AdmittedDisk(disk.getId(), disk.getSizeBytes(), segments.durableInAzure(disk.getId()));
    }

    /**
     * The acceptance check: an item assigned to another process server replicates there, not here. The agent
     * retries, as after any refusal, and its next configuration pull names the owner's address.
     */
    static Optional<ErrorReply> assignedElsewhere(ProtectedItem item) {
        String here = ProcessServerName.current();
        if (item.getProcessServer().equals(here)) {
            return Optional.empty();
        }
        return Optional.of(new ErrorReply(ErrorCode.SERVER_BUSY, "protected item '" + item.getName()
                + "' is assigned to process server '" + item.getProcessServer() + "', not '" + here
                + "': pull the configuration again and replicate there"));
    }

    private static Welcome welcome(String session, String message) {
        return new Welcome(SERVER_NAME, LifeboatVersion.current(), session, message);
    }
}
