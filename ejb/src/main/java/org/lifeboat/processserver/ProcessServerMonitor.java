package org.lifeboat.processserver;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.ObjectName;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;

/** Counts what the upload and apply stages did, and publishes it as {@link ProcessServerMXBean}. */
@Singleton
@Startup
@LocalBean // the MXBean interface must not hide the no-interface view the stages inject
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ProcessServerMonitor implements ProcessServerMXBean {

    private static final Logger LOG = Logger.getLogger(ProcessServerMonitor.class.getName());

    @EJB
    private SegmentCatalog catalog;

    private final AtomicLong uploadedBytes = new AtomicLong();
    private final AtomicLong uploadedSourceBytes = new AtomicLong();
    private final AtomicLong uploadedSegments = new AtomicLong();
    private final AtomicLong appliedSegments = new AtomicLong();
    private ObjectName name;

    @PostConstruct
    void register() {
        try {
            name = new ObjectName(OBJECT_NAME);
            var server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(this, name);
        } catch (JMException e) {
            LOG.log(Level.WARNING, "Process server MBean not registered: {0}", e.getMessage());
        }
    }

    @PreDestroy
    void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            LOG.log(Level.FINE, "Process server MBean already gone", e);
        }
    }

    void uploaded(long sourceBytes, long blobBytes) {
        uploadedSegments.incrementAndGet();
        uploadedSourceBytes.addAndGet(sourceBytes);
        uploadedBytes.addAndGet(blobBytes);
    }

    void applied() {
        appliedSegments.incrementAndGet();
    }

    @Override
    public long getUploadedBytes() {
        return uploadedBytes.get();
    }

    @Override
    public long getUploadedSourceBytes() {
        return uploadedSourceBytes.get();
    }

    @Override
    public long getUploadedSegments() {
        return uploadedSegments.get();
    }

    @Override
    public long getAppliedSegments() {
        return appliedSegments.get();
    }

    @Override
    public long getApplyBacklogSegments() {
        return catalog.backlog()[0];
    }

    @Override
    public long getApplyBacklogBytes() {
        return catalog.backlog()[1];
    }
}
