package org.lifeboat.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lifeboat.event.Refusal;

/**
 * Failed attempts per kind and source address in fixed windows: once an address has failed
 * {@code limit} times in its window, it is refused until the window ends. Other addresses are not
 * affected. At most {@code maxAddresses} are remembered; the least recently failing is forgotten first.
 */
final class FailedAttempts {

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<Key, Window> windows;

    private record Key(Refusal kind, String address) {
    }

    private record Window(Instant start, int failures) {
    }

    FailedAttempts(int limit, Duration window, int maxAddresses, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Window> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** How long this address must still wait; zero when it may try. */
    synchronized Duration blockedFor(Refusal kind, String address) {
        Window current = windows.get(new Key(kind, address));
        if (current == null || current.failures() < limit) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), current.start().plus(window));
        return left.isNegative() ? Duration.ZERO : left;
    }

    synchronized void failed(Refusal kind, String address) {
        Instant now = clock.instant();
        windows.compute(new Key(kind, address), (key, current) ->
                current == null || !current.start().plus(window).isAfter(now) ? new Window(now, 1)
                        : new Window(current.start(), current.failures() + 1));
    }
}
