package org.lifeboat.processserver;

import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.lifeboat.connector.ReplicationPortMXBean;
import org.lifeboat.fabric.AgentRevoked;

/**
 * Closes a revoked agent's live sessions on the replication port at once, instead of at its next
 * reconnect. The resource adapter offers that as an operation of its MBean, the one handle on the
 * adapter that the EJB side can reach without a dependency on its internals. It runs only after the
 * revocation is committed, so the agent's reconnect is refused by the endpoint's credential check.
 */
@ApplicationScoped
public class ReplicationSessionCloser {

    private static final Logger LOG = Logger.getLogger(ReplicationSessionCloser.class.getName());

    void agentRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) AgentRevoked revoked) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(ReplicationPortMXBean.OBJECT_NAME);
            if (!server.isRegistered(name)) {
                return; // the port is not open: there is no session to close
            }
            int closed = JMX.newMXBeanProxy(server, name, ReplicationPortMXBean.class)
                    .closeAgentSessions(revoked.agentId());
            LOG.log(Level.INFO, "Revoked agent {0}: {1} replication session(s) closed",
                    new Object[]{revoked.agentId(), closed});
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "Revoked agent {0}: its replication sessions could not be closed now ({1}); "
                    + "they end at its next reconnect", new Object[]{revoked.agentId(), e.getMessage()});
        }
    }
}
