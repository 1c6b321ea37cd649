package org.lifeboat.event;

import org.lifeboat.shared.ConflictException;
import java.time.Instant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** Something the vault wants its operators to know about, kept in the database. */
@Entity
@Table(name = "EVENT")
@NamedQuery(name = Event.NEWEST_FIRST, query = "SELECT e FROM Event e ORDER BY e.raisedAt DESC, e.id DESC")
@NamedQuery(name = Event.COUNT, query = "SELECT COUNT(e) FROM Event e")
@NamedQuery(name = Event.ACTIVE_ALERTS, query = "SELECT e FROM Event e WHERE e.alertCondition IS NOT NULL "
        + "AND e.clearedAt IS NULL ORDER BY e.id")
public class Event {

    static final String NEWEST_FIRST = "Event.newestFirst";
    static final String COUNT = "Event.count";
    static final String ACTIVE_ALERTS = "Event.activeAlerts";
    static final int MAX_MESSAGE_LENGTH = 2000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Instant raisedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Severity severity;

    @Column(nullable = false, length = 128)
    private String source;

    @Column(nullable = false, length = MAX_MESSAGE_LENGTH)
    private String message;

    /** What the event concerns: a protected item's name, or e.g. {@code processServer/builtin}. */
    @Column(length = 128)
    private String subject;

    /** Set on alerts: the condition that raised it; with the subject, it keys the alert. */
    @Column(length = 64)
    private String alertCondition;

    /** When an alert's condition ended; null while it is active (and on plain events). */
    private Instant clearedAt;

    /** How many occurrences this one event stands for (refusals are counted, not stored one by one). */
    private Long occurrences;

    /** When an operator acknowledged the open alert, and who; the alert stays open until its condition ends. */
    private Instant acknowledgedAt;

    @Column(length = 128)
    private String acknowledgedBy;

    protected Event() {
        // for JPA
    }

    Event(Instant raisedAt, Severity severity, String source, String message) {
        this.raisedAt = raisedAt;
        this.severity = severity;
        this.source = source;
        this.message = bounded(message);
    }

    Event(Instant raisedAt, Severity severity, String source, String subject, String alertCondition,
          String message) {
        this(raisedAt, severity, source, message);
        this.subject = subject;
        this.alertCondition = alertCondition;
    }

    /** An event that counts what happened {@code count} times about a subject (not an alert). */
    static Event counted(Instant raisedAt, Severity severity, String source, String subject, String message,
                         long count) {
        Event event = new Event(raisedAt, severity, source, message);
        event.subject = subject;
        event.occurrences = count;
        return event;
    }

    void about(String subject) {
        this.subject = subject;
    }

    void recount(long count, String newMessage) {
        occurrences = count;
        message = bounded(newMessage);
    }

    private static String bounded(String message) {
        return message.length() > MAX_MESSAGE_LENGTH ? message.substring(0, MAX_MESSAGE_LENGTH) : message;
    }

    void cleared(Instant at) {
        clearedAt = at;
    }

    /**
     * Marks the open alert as seen by {@code who}. Acknowledging it again keeps the first acknowledgement; a plain
     * event or a cleared alert has nothing to acknowledge (a 409 with this reason).
     */
    void acknowledge(Instant at, String who) {
        if (alertCondition == null) {
            throw new ConflictException("event " + id + " is not an alert: there is nothing to "
                    + "acknowledge");
        }
        if (clearedAt != null) {
            throw new ConflictException("the alert " + id + " is no longer open: its condition "
                    + "ended at " + clearedAt);
        }
        if (acknowledgedAt == null) {
            acknowledgedAt = at;
            acknowledgedBy = who == null ? null : who.length() > 128 ? who.substring(0, 128) : who;
        }
    }

    public Instant getAcknowledgedAt() {
        return acknowledgedAt;
    }

    public String getAcknowledgedBy() {
        return acknowledgedBy;
    }

    public Long getId() {
        return id;
    }

    public Instant getRaisedAt() {
        return raisedAt;
    }

    public Severity getSeverity() {
        return severity;
    }

    public String getSource() {
        return source;
    }

    public String getMessage() {
        return message;
    }

    public String getSubject() {
        return subject;
    }

    public String getAlertCondition() {
        return alertCondition;
    }

    public Instant getClearedAt() {
        return clearedAt;
    }

    /** How many occurrences it stands for: 1 unless it counts repeated refusals. */
    public long getCount() {
        return occurrences == null ? 1 : occurrences;
    }

    /** An alert whose condition still holds. */
    public boolean isActive() {
        return alertCondition != null && clearedAt == null;
    }
}
