package org.lifeboat.agent.replication;

import java.time.Duration;

/** Waits between reconnection attempts: doubling from the first wait up to the longest, reset on success. */
final class Backoff {

    private final Duration first;
    private final Duration longest;
    private Duration next;

    Backoff(Duration first, Duration longest) {
        this.first = first;
        this.longest = longest;
        this.next = first;
    }

    Duration next() {
        Duration current = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(longest) > 0 ? longest : doubled;
        return current;
    }

    void reset() {
        next = first;
    }
}
