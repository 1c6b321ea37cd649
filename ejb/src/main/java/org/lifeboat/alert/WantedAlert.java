package org.lifeboat.alert;

import org.lifeboat.event.Severity;

/** A condition that holds now, for a subject: an alert that should be open with this severity. */
public record WantedAlert(AlertCondition condition, String subject, Severity severity, String message) {

    /** Condition and subject: at most one alert per key is open at a time. */
    public String key() {
        return condition.name() + "|" + subject;
    }
}
