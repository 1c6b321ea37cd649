package org.lifeboat.bootverification;

import java.time.Duration;
import java.time.Instant;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/** The latest boot verification of a recovery point, kept on the point. */
@Embeddable
public class BootVerification {

    static final int MAX_REASON_CHARS = 1024;

    @Enumerated(EnumType.STRING)
    @Column(name = "BOOT_OUTCOME", length = 16)
    private BootOutcome outcome;

    @Column(name = "BOOT_CHECKED_AT")
    private Instant checkedAt;

    @Column(name = "BOOT_DURATION_MILLIS")
    private Long durationMillis;

    @Column(name = "BOOT_REASON", length = MAX_REASON_CHARS)
    private String reason;

    @Column(name = "BOOT_CONSOLE_TAIL", length = QemuBoot.CONSOLE_TAIL_CHARS)
    private String consoleTail;

    protected BootVerification() {
        // for JPA
    }

    BootVerification(BootOutcome outcome, Instant checkedAt, Duration duration, String reason, String consoleTail) {
        this.outcome = outcome;
        this.checkedAt = checkedAt;
        this.durationMillis = duration.toMillis();
        this.reason = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason;
        this.consoleTail = consoleTail.length() > QemuBoot.CONSOLE_TAIL_CHARS
                ? consoleTail.substring(consoleTail.length() - QemuBoot.CONSOLE_TAIL_CHARS) : consoleTail;
    }

    /** Rows of points never verified read as an embedded object with every column null. */
    public boolean isRecorded() {
        return outcome != null;
    }

    public BootOutcome getOutcome() {
        return outcome;
    }

    public Instant getCheckedAt() {
        return checkedAt;
    }

    /** When the point was last proven to boot: the latest check, if it passed; else null. */
    public Instant getBootVerifiedAt() {
        return outcome == BootOutcome.BOOTED ? checkedAt : null;
    }

    public Long getDurationMillis() {
        return durationMillis;
    }

    public String getReason() {
        return reason;
    }

    public String getConsoleTail() {
        return consoleTail;
    }
}
