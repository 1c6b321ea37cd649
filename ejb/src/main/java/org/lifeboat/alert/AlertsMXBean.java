package org.lifeboat.alert;

/**
 * The alerts for JMX clients. The bean is a notification emitter: subscribe to it (jconsole's
 * Notifications tab, or {@code addNotificationListener}) to receive {@code lifeboat.alert.raised} and
 * {@code lifeboat.alert.cleared} as they happen.
 */
public interface AlertsMXBean {

    String OBJECT_NAME = "lifeboat:type=Alerts";

    /** Alerts open now. */
    int getActiveAlerts();

    /** One line per open alert: severity, condition, subject and message. */
    String[] getActiveAlertSummaries();

    long getRaisedSinceStart();

    long getClearedSinceStart();

    long getEmailsSent();

    long getEmailFailures();
}
