package org.lifeboat.event;

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
public class Event {

    static final String NEWEST_FIRST = "Event.newestFirst";
    static final String COUNT = "Event.count";
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

    protected Event() {
        // for JPA
    }

    Event(Instant raisedAt, Severity severity, String source, String message) {
        this.raisedAt = raisedAt;
        this.severity = severity;
        this.source = source;
        this.message = message.length() > MAX_MESSAGE_LENGTH ? message.substring(0, MAX_MESSAGE_LENGTH) : message;
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
}
