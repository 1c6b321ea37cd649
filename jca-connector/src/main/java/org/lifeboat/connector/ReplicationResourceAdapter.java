package org.lifeboat.connector;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.security.GeneralSecurityException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.net.ssl.SSLContext;
import javax.transaction.xa.XAResource;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import org.lifeboat.connector.journal.CacheJournal;

/**
 * The process server's front door: an inbound resource adapter that owns the replication port (TLS,
 * 9443 by default) and delivers what agents send to the {@link ReplicationListener} endpoint.
 * The port is open exactly while an endpoint is active, so undeploying the application frees it.
 */
@Connector(
        displayName = "Lifeboat replication port",
        vendorName = "Lifeboat",
        eisType = "Lifeboat mobility agents",
        version = "1.0",
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction)
public class ReplicationResourceAdapter implements jakarta.resource.spi.ResourceAdapter {

    private static final Logger LOG = Logger.getLogger(ReplicationResourceAdapter.class.getName());

    /** Below this much free space on the cache's file system, sessions stop reading. */
    private static final long MINIMUM_FREE_BYTES = 1L << 30;

    private WorkManager workManager;
    private ReplicationAcceptor acceptor;
    private CacheSealer sealer;
    private CacheJournal journal;
    private MessageEndpointFactory activeEndpoint;

    @Override
    public void start(BootstrapContext context) {
        this.workManager = context.getWorkManager();
    }

    @Override
    public synchronized void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec)
            throws ResourceException {
        if (acceptor != null) {
            // a redeployment can activate the new endpoint before deactivating the old one: the newest wins
            LOG.info("Replication port handed over to a newly activated endpoint");
            stopAcceptor();
        }
        ReplicationSettings settings;
        try {
            settings = ReplicationSettings.fromConfig();
        } catch (IllegalArgumentException e) {
            throw new ResourceAdapterInternalException("Replication port not started: " + e.getMessage(), e);
        }
        ReplicationPortStatus status = new ReplicationPortStatus(settings.port());
        try {
            SSLContext tls = ServerTlsContext.load(settings);
            journal = CacheJournal.open(settings.cacheDirectory(), settings.cacheCapacityBytes(), MINIMUM_FREE_BYTES);
            acceptor = ReplicationAcceptor.bind(settings, tls, workManager, factory, status, journal);
            status.serving(acceptor);
            activeEndpoint = factory;
            sealer = new CacheSealer(journal, settings);
            workManager.startWork(sealer);
            workManager.startWork(acceptor);
        } catch (IOException | GeneralSecurityException | WorkException e) {
            stopAcceptor();
            throw new ResourceAdapterInternalException("Replication port not started: " + e.getMessage(), e);
        }
        publish(status);
    }

    @Override
    public synchronized void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        if (factory == activeEndpoint) {
            stopAcceptor();
        }
    }

    @Override
    public synchronized void stop() {
        stopAcceptor();
    }

    private void stopAcceptor() {
        if (acceptor != null) {
            acceptor.release();
            acceptor = null;
            activeEndpoint = null;
        }
        if (sealer != null) {
            sealer.release();
            sealer = null;
        }
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Closing the cache journal failed: {0}", e.getMessage());
            }
            journal = null;
        }
        unpublish();
    }

    private static void publish(ReplicationPortStatus status) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(ReplicationPortMXBean.OBJECT_NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(status, name);
        } catch (JMException e) {
            LOG.log(Level.WARNING, "Replication port status not published over JMX: {0}", e.getMessage());
        }
    }

    private static void unpublish() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(ReplicationPortMXBean.OBJECT_NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            LOG.log(Level.FINE, "Replication port status not unpublished", e);
        }
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    // A resource adapter is a JavaBean the container compares; it has no identity beyond its class.
    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
