package org.lifeboat.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.lifeboat.event.Refusal;

class FailedAttemptsTest {

    private static final Refusal LOGIN = Refusal.ADMINISTRATOR_LOGIN;

    private final MutableClock clock = new MutableClock();
    private final FailedAttempts attempts = new FailedAttempts(3, Duration.ofSeconds(60), 2, clock);

    @Test
    void anAddressIsBlockedAfterTheLimitUntilItsWindowEnds() {
        for (int i = 0; i < 2; i++) {
            attempts.failed(LOGIN, "10.0.0.1");
        }
        assertEquals(Duration.ZERO, attempts.blockedFor(LOGIN, "10.0.0.1"), "blocked below the limit");
        clock.advance(Duration.ofSeconds(10));
        attempts.failed(LOGIN, "10.0.0.1");

        assertEquals(Duration.ofSeconds(50), attempts.blockedFor(LOGIN, "10.0.0.1"));
        clock.advance(Duration.ofSeconds(50));
        assertEquals(Duration.ZERO, attempts.blockedFor(LOGIN, "10.0.0.1"), "still blocked after the window");
        attempts.failed(LOGIN, "10.0.0.1");
        assertEquals(Duration.ZERO, attempts.blockedFor(LOGIN, "10.0.0.1"), "a new window starts from one failure");
    }

    @Test
    void othersFailuresAndOtherKindsDoNotBlock() {
        for (int i = 0; i < 5; i++) {
            attempts.failed(LOGIN, "10.0.0.1");
        }
        assertEquals(Duration.ZERO, attempts.blockedFor(LOGIN, "10.0.0.2"));
        assertEquals(Duration.ZERO, attempts.blockedFor(Refusal.AGENT_REGISTRATION, "10.0.0.1"));
    }

    @Test
    void theAddressesRememberedAreBounded() {
        for (int i = 0; i < 3; i++) {
            attempts.failed(LOGIN, "10.0.0.1");
        }
        attempts.failed(LOGIN, "10.0.0.2");
        attempts.failed(LOGIN, "10.0.0.3"); // forgets the least recently failing, 10.0.0.1
        assertEquals(Duration.ZERO, attempts.blockedFor(LOGIN, "10.0.0.1"));
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
