package org.lifeboat.processserver;

import java.lang.management.ManagementFactory;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeboat.connector.ReplicationPortMXBean;

/**
 * Tells the agents, through the replication port's sessions, how far each disk is durable in Azure
 * Storage, once a segment of it is recorded uploaded or applied. Until then an agent keeps what it needs
 * to send the acknowledged records again: the journal alone dies with this server's disk. The resource
 * adapter takes the notice as an operation of its MBean, the one handle on it the EJB side can reach
 * (as {@link ReplicationSessionCloser} does). A notice that cannot be given is only late: the next
 * segment's notice covers it, and a RESUME reports the same figure from the database.
 */
@ApplicationScoped
public class DurabilityNotices {

    private static final Logger LOG = Logger.getLogger(DurabilityNotices.class.getName());
    private final ThrottledWarning failed = new ThrottledWarning(LOG, "Cannot tell agents what is durable in Azure for disk ");

    @EJB
    private SegmentRepository catalog;

    /** The disk gained durable records in Azure: tell its agent how far it is durable now (from the database). */
    public void madeDurable(String diskId) {
        try {
            long durable = catalog.durableInAzure(diskId);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(ReplicationPortMXBean.OBJECT_NAME);
            if (durable > 0 && server.isRegistered(name)) {
                JMX.newMXBeanProxy(server, name, ReplicationPortMXBean.class).durableInAzure(diskId, durable);
            }
        } catch (JMException | RuntimeException e) {
            failed.failed(diskId + " (the next segment's notice covers it)", e);
        }
    }
}
