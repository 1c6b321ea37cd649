package org.lifeboat.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.lifeboat.shared.ConflictException;

class EventAcknowledgementTest {

    private static final Instant RAISED = Instant.parse("2026-12-02T10:00:00Z");

    private static Event alert() {
        return new Event(RAISED, Severity.CRITICAL, "alerts", "web1", "RpoThresholdExceeded", "RPO 90 s");
    }

    @Test
    void anOpenAlertIsAcknowledgedOnceAndStaysOpen() {
        Event alert = alert();
        alert.acknowledge(RAISED.plusSeconds(60), "admin");
        alert.acknowledge(RAISED.plusSeconds(120), "someone-else");
        assertEquals(RAISED.plusSeconds(60), alert.getAcknowledgedAt());
        assertEquals("admin", alert.getAcknowledgedBy());
        assertTrue(alert.isActive(), "acknowledging closed the alert");
    }

    @Test
    void aClearedAlertOrAPlainEventHasNothingToAcknowledge() {
        Event cleared = alert();
        cleared.cleared(RAISED.plusSeconds(30));
        ConflictException refused = assertThrows(ConflictException.class,
                () -> cleared.acknowledge(RAISED.plusSeconds(60), "admin"));
        assertTrue(refused.getMessage().contains("is no longer open: its condition ended at " + RAISED.plusSeconds(30)),
                refused.getMessage());
        assertNull(cleared.getAcknowledgedAt());

        Event plain = new Event(RAISED, Severity.INFO, "protection", "Resync requested");
        assertTrue(assertThrows(ConflictException.class, () -> plain.acknowledge(RAISED, "admin")).getMessage()
                .contains("is not an alert"));
        assertNull(plain.getAcknowledgedBy());
    }
}
