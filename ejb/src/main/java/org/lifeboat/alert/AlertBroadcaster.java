package org.lifeboat.alert;

import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;

/**
 * The {@code lifeboat:type=Alerts} MBean: figures about the alerts, and a JMX notification per alert
 * raised or cleared. The notification's user data is a plain {@code HashMap<String, String>} (event id,
 * condition, subject, severity, raised and cleared times) so any JMX client can read it.
 */
public class AlertBroadcaster extends NotificationBroadcasterSupport implements AlertsMXBean {

    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong raised = new AtomicLong();
    private final AtomicLong cleared = new AtomicLong();
    final AtomicLong emailsSent = new AtomicLong();
    final AtomicLong emailFailures = new AtomicLong();
    private volatile List<String> active = List.of();

    AlertBroadcaster() {
        super(new MBeanNotificationInfo(new String[]{"lifeboat.alert.raised", "lifeboat.alert.cleared"},
                Notification.class.getName(), "An alert was raised or cleared"));
    }

    void publish(AlertChange change) {
        (change.kind() == AlertChange.Kind.RAISED ? raised : cleared).incrementAndGet();
        Notification notification = new Notification(change.notificationType(), AlertsMXBean.OBJECT_NAME,
                sequence.incrementAndGet(), System.currentTimeMillis(), change.summary());
        HashMap<String, String> data = new HashMap<>();
        data.put("eventId", String.valueOf(change.eventId()));
        data.put("condition", change.condition());
        data.put("subject", change.subject());
        data.put("severity", change.severity());
        data.put("message", change.message());
        data.put("raisedAt", String.valueOf(change.raisedAt()));
        if (change.clearedAt() != null) {
            data.put("clearedAt", change.clearedAt().toString());
        }
        notification.setUserData(data);
        sendNotification(notification);
    }

    void active(List<String> summaries) {
        active = List.copyOf(summaries);
    }

    @Override
    public int getActiveAlerts() {
        return active.size();
    }

    @Override
    public String[] getActiveAlertSummaries() {
        return active.toArray(String[]::new);
    }

    @Override
    public long getRaisedSinceStart() {
        return raised.get();
    }

    @Override
    public long getClearedSinceStart() {
        return cleared.get();
    }

    @Override
    public long getEmailsSent() {
        return emailsSent.get();
    }

    @Override
    public long getEmailFailures() {
        return emailFailures.get();
    }

}
