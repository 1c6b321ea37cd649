package org.lifeboat.web.console;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.web.api.EventDto;

/**
 * The events and alerts page: what {@code GET /api/v1/events} serves, with the API's filters (severity, subject,
 * alerts still open) and a time window over the newest events, read again on each poll.
 */
@Named("events")
@ViewScoped
public class EventsBean implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The API's largest page: the time window looks no further back than this many events. */
    private static final int NEWEST = 1000;

    /** The time windows offered, by their label. */
    public enum Window {
        HOUR("Last hour", Duration.ofHours(1)), DAY("Last 24 hours", Duration.ofDays(1)),
        WEEK("Last 7 days", Duration.ofDays(7)), ANY("Any time", null);

        private final String label;
        private final Duration length;

        Window(String label, Duration length) {
            this.label = label;
            this.length = length;
        }

        public String getLabel() {
            return label;
        }
    }

    @EJB
    private EventRepository repository;

    private Severity severity;
    private String subject;
    private boolean openAlertsOnly;
    private Window window = Window.ANY;

    public List<EventDto> getShown() {
        Instant since = window.length == null ? null : Instant.now().minus(window.length);
        return repository.find(severity, subject == null || subject.isBlank() ? null : subject.strip(),
                        openAlertsOnly ? Boolean.TRUE : null, NEWEST).stream()
                .filter(e -> since == null || !e.getRaisedAt().isBefore(since)).map(EventDto::of).toList();
    }

    public Severity[] getSeverities() {
        return Severity.values();
    }

    public Window[] getWindows() {
        return Window.values();
    }

    public Severity getSeverity() {
        return severity;
    }

    public void setSeverity(Severity severity) {
        this.severity = severity;
    }

    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    public boolean isOpenAlertsOnly() {
        return openAlertsOnly;
    }

    public void setOpenAlertsOnly(boolean openAlertsOnly) {
        this.openAlertsOnly = openAlertsOnly;
    }

    public Window getWindow() {
        return window;
    }

    public void setWindow(Window window) {
        this.window = window;
    }
}
