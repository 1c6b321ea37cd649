package org.lifeboat.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;

/**
 * Each protected item's RPO over the last {@link #KEPT} hours, for the console's chart: the worst RPO seen in each
 * minute, from the statuses the monitoring tick computes anyway. Kept in memory only (at most 360 samples per
 * item): it is a picture of the recent past, not a record, and starts empty after a restart.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RpoHistory {

    static final Duration KEPT = Duration.ofHours(6);

    /** The worst RPO seen in the minute starting at {@code minute}. */
    public record Sample(Instant minute, long rpoSeconds) {
    }

    private final Map<String, Deque<Sample>> byItem = new ConcurrentHashMap<>();

    /** Adds the items' current RPOs (an item without one yet adds nothing) and forgets items no longer there. */
    public void record(Collection<ItemStatus> statuses, Instant now) {
        Set<String> names = statuses.stream().map(ItemStatus::name).collect(Collectors.toSet());
        byItem.keySet().retainAll(names);
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        for (ItemStatus status : statuses) {
            if (status.rpoSeconds() != null) {
                add(byItem.computeIfAbsent(status.name(), k -> new ArrayDeque<>()), minute, status.rpoSeconds(), now);
            }
        }
    }

    /** The item's samples, oldest first; empty for an unknown item or one without an RPO yet. */
    public List<Sample> of(String item) {
        Deque<Sample> samples = byItem.get(item);
        if (samples == null) {
            return List.of();
        }
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    private static void add(Deque<Sample> samples, Instant minute, long rpoSeconds, Instant now) {
        synchronized (samples) {
            Sample last = samples.peekLast();
            if (last != null && last.minute().equals(minute)) {
                samples.pollLast();
                rpoSeconds = Math.max(rpoSeconds, last.rpoSeconds());
            }
            samples.addLast(new Sample(minute, rpoSeconds));
            Instant oldest = now.minus(KEPT);
            while (samples.peekFirst().minute().isBefore(oldest)) {
                samples.pollFirst();
            }
        }
    }
}
