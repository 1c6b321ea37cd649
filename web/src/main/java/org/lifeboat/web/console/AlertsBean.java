package org.lifeboat.web.console;

import java.io.Serializable;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.web.api.EventDto;

/**
 * The alerts page: the open alerts ({@code GET /events?active=true}) with the API's filters and whether an operator
 * acknowledged them, and Acknowledge, as {@code POST /events/{id}/acknowledge}. Read again on each poll.
 */
@Named("alerts")
@ViewScoped
public class AlertsBean implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The API's largest page. */
    private static final int NEWEST = 1000;

    /** Which open alerts are shown, by acknowledgement. */
    public enum Shown {
        ALL("All open alerts"), UNACKNOWLEDGED("Not acknowledged"), ACKNOWLEDGED("Acknowledged");

        private final String label;

        Shown(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }
    }

    @EJB
    private EventRepository repository;

    @Inject
    private ConsoleMessages messages;

    @Inject
    private FacesContext faces;

    private Severity severity;
    private String subject;
    private Shown shown = Shown.ALL;

    public List<EventDto> getOpen() {
        return repository.find(severity, subject == null || subject.isBlank() ? null : subject.strip(), Boolean.TRUE,
                        NEWEST).stream().map(EventDto::of)
                .filter(a -> shown == Shown.ALL || (a.acknowledgedAt() != null) == (shown == Shown.ACKNOWLEDGED))
                .toList();
    }

    public void acknowledge(long id) {
        String who = faces.getExternalContext().getRemoteUser();
        messages.attempt(null, () -> repository.acknowledge(id, who)).ifPresent(alert -> messages.info("Alert "
                + id + " (" + alert.getAlertCondition() + " on " + alert.getSubject() + ") acknowledged: it stays "
                + "listed until its condition ends."));
    }

    public Severity[] getSeverities() {
        return Severity.values();
    }

    public Shown[] getShownChoices() {
        return Shown.values();
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

    public Shown getShown() {
        return shown;
    }

    public void setShown(Shown shown) {
        this.shown = shown;
    }
}
