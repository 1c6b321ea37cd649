package org.lifeboat.web.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The item page's pure rules: the timeline's gaps in words, and when the failover settings can be changed. */
class ItemDetailBeanTest {

    @Test
    void shortGapsInSecondsLongerInMinutesThenHours() {
        assertEquals("0 s after the point before", ItemDetailBean.after(Duration.ZERO));
        assertEquals("119 s after the point before", ItemDetailBean.after(Duration.ofSeconds(119)));
        assertEquals("5 min after the point before", ItemDetailBean.after(Duration.ofMinutes(5).plusSeconds(59)));
        assertEquals("119 min after the point before", ItemDetailBean.after(Duration.ofMinutes(119)));
        assertEquals("3 h 7 min after the point before", ItemDetailBean.after(Duration.ofMinutes(187)));
    }

    @Test
    void aClockStepBackIsNoNegativeGap() {
        assertEquals("0 s after the point before", ItemDetailBean.after(Duration.ofSeconds(-3)));
    }

    @Test
    void settingsAreEditableWhileTheItemReplicatesForward() {
        assertTrue(ItemDetailBean.settingsEditable("Protected", null));
        assertTrue(ItemDetailBean.settingsEditable("InitialReplication", null));
    }

    @Test
    void settingsAreLockedWhileFailedOverOrFailingBack() {
        assertFalse(ItemDetailBean.settingsEditable("FailoverInProgress", null));
        assertFalse(ItemDetailBean.settingsEditable("FailedOver", null));
        assertFalse(ItemDetailBean.settingsEditable("FailoverCommitted", null));
        // replicating back towards Primary: Protected, but the failed-over machine is what replicates
        assertFalse(ItemDetailBean.settingsEditable("Protected", "web01-failback"));
    }
}
