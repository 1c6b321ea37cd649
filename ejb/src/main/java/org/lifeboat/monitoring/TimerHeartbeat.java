package org.lifeboat.monitoring;

import java.time.Instant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The trace a persistent EJB timer leaves each time it fires. Its creation time proves the timer
 * outlived a restart (it is not re-created), its last firing that timers still run.
 */
@Entity
@Table(name = "TIMER_HEARTBEAT")
public class TimerHeartbeat {

    @Id
    @Column(length = 64)
    private String name;

    @Column(nullable = false)
    private Instant timerCreatedAt;

    private Instant lastFiredAt;

    private long firings;

    protected TimerHeartbeat() {
        // for JPA
    }

    TimerHeartbeat(String name, Instant timerCreatedAt) {
        this.name = name;
        this.timerCreatedAt = timerCreatedAt;
    }

    void fired(Instant at) {
        lastFiredAt = at;
        firings++;
    }

    public String getName() {
        return name;
    }

    public Instant getTimerCreatedAt() {
        return timerCreatedAt;
    }

    public Instant getLastFiredAt() {
        return lastFiredAt;
    }

    public long getFirings() {
        return firings;
    }
}
