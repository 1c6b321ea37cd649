package org.lifeboat.scaleout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.lifeboat.monitoring.Health;
import org.lifeboat.monitoring.HealthReason;

/**
 * Automatic load balancing (ASR's "load balance"), the choice only: which items to move off process servers whose
 * health is Warning or Critical for a reason load explains (CPU, memory, cache free, upload backlog), to the
 * healthiest Normal one with room. Bounded and with hysteresis, so items do not bounce:
 * <ul>
 *   <li>a server gives away an item only once it was loaded at two ticks in a row (a spike is not load);</li>
 *   <li>each server gives at most one item, and receives at most one, per interval;</li>
 *   <li>the target is Normal, heartbeating, and holds at least two items fewer than the source, so that after the
 *   move it still holds fewer;</li>
 *   <li>an item moved by balancing is not moved by it again for {@value #ITEM_REST_INTERVALS} intervals.</li>
 * </ul>
 * A server not heartbeating is never a source: re-homing ({@link ProcessServerRehoming}) handles it. The state is
 * the configuration server's memory: a restart forgets it, which at worst allows one move per server early.
 */
public final class ProcessServerBalancing {

    /** The reasons load explains; not the cache being unreadable nor heartbeat loss. */
    static final Set<String> LOAD_REASONS = Set.of(HealthReason.PROCESS_SERVER_CPU_HIGH,
            HealthReason.PROCESS_SERVER_MEMORY_HIGH, HealthReason.CACHE_NEARLY_FULL,
            HealthReason.PROCESS_SERVER_UPLOAD_BACKLOG);
    static final int ITEM_REST_INTERVALS = 4;

    /** A move balancing chose: the item, from and to, and why (the source's load reasons). */
    public record Move(String item, String from, String to, String why) {
    }

    private final Map<String, Instant> loadedAtLastTick = new HashMap<>();
    private final Map<String, Instant> lastGave = new HashMap<>();
    private final Map<String, Instant> lastReceived = new HashMap<>();
    private final Map<String, Instant> itemMovedAt = new HashMap<>();

    /** The moves of this tick; the caller makes them and calls {@link #moved} for each one made. */
    public synchronized List<Move> choose(List<ProcessServerView> all, Instant now, Duration interval) {
        List<Move> moves = new ArrayList<>();
        Map<String, Integer> counts = all.stream().collect(Collectors.toMap(v -> v.status().name(), v -> v.items().size()));
        Set<String> loadedNow = new java.util.HashSet<>();
        List<ProcessServerView> sources = all.stream().filter(ProcessServerBalancing::loaded)
                .sorted(Comparator.comparing(ProcessServerView::health).reversed()
                        .thenComparing(v -> -v.items().size()))
                .toList();
        for (ProcessServerView source : sources) {
            String name = source.status().name();
            loadedNow.add(name);
            if (!loadedAtLastTick.containsKey(name) || recently(lastGave, name, now, interval)) {
                continue;
            }
            Optional<String> item = source.items().stream()
                    .filter(i -> !recently(itemMovedAt, i, now, interval.multipliedBy(ITEM_REST_INTERVALS)))
                    .findFirst();
            Optional<ProcessServerView> target = all.stream()
                    .filter(v -> !v.status().name().equals(name))
                    .filter(v -> !v.isApplier()) // an applier near Azure holds no items
                    .filter(v -> v.health() == Health.NORMAL)
                    .filter(v -> !v.scaleOut() || v.status().heartbeatAt() != null)
                    .filter(v -> counts.get(v.status().name()) + 2 <= counts.get(name))
                    .filter(v -> !recently(lastReceived, v.status().name(), now, interval))
                    .min(Comparator.comparingInt((ProcessServerView v) -> counts.get(v.status().name()))
                            .thenComparing(v -> v.scaleOut()));
            if (item.isPresent() && target.isPresent()) {
                String to = target.get().status().name();
                moves.add(new Move(item.get(), name, to, reasons(source)));
                counts.merge(name, -1, Integer::sum);
                counts.merge(to, 1, Integer::sum);
                lastGave.put(name, now); // held as chosen: a failed move is not retried at once either
                lastReceived.put(to, now);
            }
        }
        loadedAtLastTick.keySet().retainAll(loadedNow);
        loadedNow.forEach(name -> loadedAtLastTick.putIfAbsent(name, now));
        return moves;
    }

    /** Records that the item was moved (so it rests). */
    public synchronized void moved(Move move, Instant at) {
        itemMovedAt.put(move.item(), at);
    }

    /** Warning or Critical for a load reason, and heartbeating (a silent one's figures are stale). */
    static boolean loaded(ProcessServerView view) {
        if (view.health() == Health.NORMAL || view.status().reasons().stream()
                .anyMatch(r -> r.code().equals(HealthReason.PROCESS_SERVER_NOT_HEARTBEATING))) {
            return false;
        }
        return view.status().reasons().stream().anyMatch(r -> r.health() != Health.NORMAL
                && LOAD_REASONS.contains(r.code()));
    }

    private static String reasons(ProcessServerView view) {
        return view.status().reasons().stream().filter(r -> LOAD_REASONS.contains(r.code()) && r.health() != Health.NORMAL)
                .map(r -> r.health() + " " + r.code() + ": " + r.message()).collect(Collectors.joining("; "));
    }

    private static boolean recently(Map<String, Instant> when, String key, Instant now, Duration within) {
        Instant at = when.get(key);
        return at != null && at.plus(within).isAfter(now);
    }
}
