package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import jakarta.json.JsonObject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * ASR's RPO alert through the real stack: with a one-minute threshold, freezing the agent past it raises
 * the alert once (an event about the item, a JMX notification, an e-mail through the configured SMTP
 * server, here GreenMail), and letting the agent carry on clears it (the event's clearing time, a
 * notification, an e-mail).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpoAlertIT {

    private static final String POLICY = "rpo-alert-it-1min";
    /** Alerts stay in the event log: a name of its own per run keeps earlier runs' alerts out. */
    private static final String ITEM = "rpo-alert-it-" + Long.toString(System.currentTimeMillis() % 100_000_000, 36);
    private static final String OPS = "ops@lifeboat.test";

    @TempDir
    static Path dir;

    private GreenMail smtp;
    private ReplicatingMachine machine;

    @BeforeAll
    void smtpServerAndAShortThreshold() {
        smtp = new GreenMail(new ServerSetup(LifeboatStack.PORT_BASE + 125, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        HttpResponse<String> mail = LifeboatStack.sendAsAdmin("PUT", "/settings/mail", "{\"host\":\"127.0.0.1\",\"port\":"
                + (LifeboatStack.PORT_BASE + 125) + ",\"security\":\"NONE\",\"from\":\"lifeboat@lifeboat.test\","
                + "\"recipients\":[\"" + OPS + "\"]}");
        assertTrue(mail.statusCode() == 201 || mail.statusCode() == 200, mail.body());

        HttpResponse<String> policy = LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + POLICY,
                "{\"rpoThresholdMinutes\":1,\"retentionHours\":24,\"appConsistentFrequencyHours\":0,"
                        + "\"crashConsistentFrequencyMinutes\":5}");
        assertTrue(policy.statusCode() == 201 || policy.statusCode() == 200, policy.body());
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (machine != null) {
            machine.close();
        }
        LifeboatStack.sendAsAdmin("DELETE", "/settings/mail", null);
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void pausingTheAgentPastTheThresholdRaisesTheAlertOnceAndResumingClearsIt() throws Exception {
        machine = ReplicatingMachine.start(dir, ITEM, POLICY);
        assertEquals(POLICY, machine.status().getString("policy"));
        assertTrue(alerts(false).isEmpty(), "an earlier run left an alert: " + alerts(false));

        BlockingQueue<Notification> notifications = new LinkedBlockingQueue<>();
        try (JMXConnector connector = Jmx.connect()) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            NotificationListener listener = (notification, handback) -> notifications.add(notification);
            jmx.addNotificationListener(new ObjectName("lifeboat:type=Alerts"), listener, null, null);

            machine.agent.pause();
            Instant paused = Instant.now();
            JsonObject raised = awaitAlert(a -> a.getBoolean("active"), Duration.ofMinutes(3));
            Duration took = Duration.between(paused, Instant.now());
            assertTrue(took.compareTo(Duration.ofSeconds(55)) > 0, "raised before the threshold: " + took);
            assertEquals("CRITICAL", raised.getString("severity"));
            assertEquals("RpoThresholdExceeded", raised.getString("condition"));
            assertFalse(raised.containsKey("clearedAt") && !raised.isNull("clearedAt"), raised.toString());

            JsonObject item = machine.status();
            assertEquals("Critical", item.getString("health"), item.toString());
            assertTrue(item.getJsonArray("healthReasons").toString().contains("RpoThresholdExceeded"), item.toString());

            Notification up = awaitNotification(notifications, "lifeboat.alert.raised");
            Map<?, ?> data = (Map<?, ?>) up.getUserData();
            assertEquals(ITEM, data.get("subject"));
            assertEquals("RpoThresholdExceeded", data.get("condition"));
            assertEquals(String.valueOf(raised.getJsonNumber("id").longValue()), data.get("eventId"));

            MimeMessage raisedMail = awaitMail(1);
            assertTrue(raisedMail.getSubject().contains("RpoThresholdExceeded") && raisedMail.getSubject().contains(ITEM),
                    raisedMail.getSubject());
            assertEquals(OPS, raisedMail.getAllRecipients()[0].toString());

            // still paused, at least one more evaluation (every 10 s): raised once, not again
            Thread.sleep(15_000);
            assertEquals(1, alerts(false).size(), alerts(false).toString());
            assertEquals(1, itemMails().size(), "mails about the item: " + itemMails().size());

            machine.agent.resume();
            JsonObject cleared = awaitAlert(a -> !a.getBoolean("active") && a.containsKey("clearedAt"),
                    Duration.ofMinutes(2));
            assertEquals(raised.getJsonNumber("id").longValue(), cleared.getJsonNumber("id").longValue());
            assertTrue(Instant.parse(cleared.getString("clearedAt")).isAfter(Instant.parse(cleared.getString("raisedAt"))));
            assertTrue(alerts(true).isEmpty(), "still active: " + alerts(true));

            Notification down = awaitNotification(notifications, "lifeboat.alert.cleared");
            assertEquals(ITEM, ((Map<?, ?>) down.getUserData()).get("subject"));
            MimeMessage clearedMail = awaitMail(2);
            assertTrue(clearedMail.getSubject().contains("cleared"), clearedMail.getSubject());
            jmx.removeNotificationListener(new ObjectName("lifeboat:type=Alerts"), listener);
        }
    }

    private static List<JsonObject> alerts(boolean onlyActive) {
        return RpoAlerts.of(ITEM, onlyActive);
    }

    private JsonObject awaitAlert(Predicate<JsonObject> wanted, Duration timeout) throws InterruptedException {
        return RpoAlerts.await(ITEM, wanted, timeout, machine::status);
    }

    private static Notification awaitNotification(BlockingQueue<Notification> queue, String type)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Notification next = queue.poll(1, TimeUnit.SECONDS);
            if (next != null && next.getType().equals(type)
                    && ITEM.equals(((Map<?, ?>) next.getUserData()).get("subject"))) {
                return next;
            }
        }
        throw new AssertionError("no " + type + " notification about " + ITEM);
    }

    /** The mails about this test's item: the shared stack may alert about other things meanwhile. */
    private List<MimeMessage> itemMails() {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage mail : smtp.getReceivedMessages()) {
            try {
                if (mail.getSubject().contains(ITEM)) {
                    mails.add(mail);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return mails;
    }

    private MimeMessage awaitMail(int count) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (itemMails().size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        List<MimeMessage> mails = itemMails();
        assertTrue(mails.size() >= count, "e-mail " + count + " about " + ITEM + " did not arrive");
        return mails.get(count - 1);
    }
}
