package org.lifeboat.monitoring;

import java.io.IOException;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.persistence.SchemaIndexes;
import org.lifeboat.policy.PolicyRepository;
import org.lifeboat.security.AdministratorBootstrap;
import org.lifeboat.storage.StorageAccount;
import org.lifeboat.storage.StorageUnavailableException;

/**
 * What the server does once when the application starts: the database's indexes, the first administrator, the
 * default replication policy, the persistent heartbeat timer, the storage containers, and an event saying it is up.
 */
@Singleton
@Startup
public class LifeboatStartup {

    @EJB
    private SchemaIndexes indexes;

    @EJB
    private AdministratorBootstrap administrators;

    @EJB
    private PolicyRepository policies;

    @EJB
    private HealthHeartbeat heartbeat;

    @EJB
    private EventRepository events;

    @Inject
    private StorageAccount storage;

    @PostConstruct
    void start() {
        indexes.ensure();
        try {
            administrators.ensureAdministrator();
        } catch (IOException e) {
            throw new IllegalStateException("Lifeboat cannot start: " + e.getMessage(), e);
        }
        // made here, before any request: concurrent first requests that each made it collided on PostgreSQL
        // (duplicate key 'default', a 500 for all but one)
        policies.defaultPolicy();
        heartbeat.ensureScheduled();
        try {
            storage.ensureContainers();
        } catch (StorageUnavailableException e) {
            // not fatal: replication waits and the health check reports it until storage answers
            events.record(Severity.WARNING, "storage", e.getMessage());
        }
        events.record(Severity.INFO, "server", "Lifeboat " + LifeboatVersion.current() + " started");
    }
}
