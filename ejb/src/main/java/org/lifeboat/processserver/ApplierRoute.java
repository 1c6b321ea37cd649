package org.lifeboat.processserver;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.shared.Settings;

/**
 * Who applies a process server's segments: its own log applier (the default), or an applier instance near Azure
 * that the configuration server named for it ({@code SCALE_OUT_PROCESS_SERVER.APPLIER}, set by
 * {@code PUT /processServers/{ps}/applier}). A process server with an applier never applies: every segment goes to the
 * {@code cache} container, compressed and encrypted, and the applier writes it into the seed disk beside the storage
 * account, so only that crosses the WAN. An applier instance ({@code -Dlifeboat.process-server.role=applier}) applies
 * the items of the process servers that name it, fenced by their owner's assignment epoch.
 *
 * <p>Read from the shared database, at most every {@value #FRESH_SECONDS} s. The configuration server's built-in
 * process server never reads it: it has no row, and nothing changes without an applier.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ApplierRoute {

    public static final String ROLE_PROPERTY = "lifeboat.process-server.role";
    public static final String APPLIER_ROLE = "applier";
    public static final String PROCESS_SERVER_ROLE = "process-server";
    static final int FRESH_SECONDS = 5;

    @PersistenceContext
    private EntityManager em;

    private record Appliers(long readAtNanos, Map<String, String> byProcessServer) {
    }

    private volatile Appliers last;

    /** Whether this instance is an applier near Azure (no replication endpoint of its own). */
    public static boolean isApplierInstance() {
        return APPLIER_ROLE.equals(Settings.text(ROLE_PROPERTY, PROCESS_SERVER_ROLE));
    }

    /** The applier near Azure that applies this process server's items, if one does. */
    public Optional<String> applierOfThisServer() {
        String me = ProcessServerName.current();
        if (ProcessServerName.isBuiltIn(me) || isApplierInstance()) {
            return Optional.empty();
        }
        return Optional.ofNullable(appliers().get(me));
    }

    /**
     * Why this instance's log applier leaves alone an item assigned to {@code owner}; empty when it applies it.
     * A process server applies its own items unless an applier applies them; an applier, those of the process
     * servers that name it.
     */
    public Optional<String> notAppliedHere(String owner) {
        String me = ProcessServerName.current();
        if (isApplierInstance()) {
            String applier = appliers().get(owner);
            if (me.equals(applier)) {
                return Optional.empty();
            }
            return Optional.of("is assigned to process server '" + owner + "', "
                    + (applier == null ? "which applies its items itself" : "whose items applier '" + applier + "' applies"));
        }
        if (!owner.equals(me)) {
            return Optional.of("is assigned to process server '" + owner + "'");
        }
        return applierOfThisServer().map(applier -> "is applied near Azure by applier '" + applier + "'");
    }

    /**
     * The process servers whose items this instance's log applier applies: itself (none when an applier near Azure
     * applies them), or, for an applier, those that name it.
     */
    public List<String> ownersAppliedHere() {
        String me = ProcessServerName.current();
        if (ProcessServerName.isBuiltIn(me)) {
            return List.of(me);
        }
        if (isApplierInstance()) {
            return appliers().entrySet().stream().filter(e -> me.equals(e.getValue())).map(Map.Entry::getKey)
                    .sorted().toList();
        }
        return applierOfThisServer().isPresent() ? List.of() : List.of(me);
    }

    private Map<String, String> appliers() {
        Appliers known = last;
        long now = System.nanoTime();
        if (known == null || now - known.readAtNanos() > Duration.ofSeconds(FRESH_SECONDS).toNanos()) {
            Map<String, String> read = new HashMap<>();
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(
                    "SELECT NAME, APPLIER FROM SCALE_OUT_PROCESS_SERVER WHERE APPLIER IS NOT NULL").getResultList();
            rows.forEach(row -> read.put((String) row[0], (String) row[1]));
            known = new Appliers(now, Map.copyOf(read));
            last = known;
        }
        return known.byProcessServer();
    }
}
