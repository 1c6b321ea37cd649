package org.lifeboat.web.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the recovery point timeline says the time between a point and the one before it. */
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
}
