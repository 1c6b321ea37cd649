package org.lifeboat.mail;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Sends a message through a Jakarta Mail session built from the operator's SMTP settings. Nothing is sent
 * (and false answered) when no SMTP server is configured. Failures are logged with the SMTP server's
 * reason, never with the password.
 */
@Stateless
public class AlertMailer {

    private static final Logger LOG = Logger.getLogger(AlertMailer.class.getName());
    private static final String TIMEOUT_MILLIS = "15000";

    @EJB
    private MailSettingsRepository settings;

    public boolean configured() {
        return settings.current().isPresent();
    }

    /** Sends to every configured recipient; false when not configured or when the SMTP server refused. */
    public boolean send(String subject, String body) {
        Optional<MailSettings> current = settings.current();
        if (current.isEmpty()) {
            return false;
        }
        MailSettings smtp = current.get();
        try {
            Session session = session(smtp);
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(smtp.getFromAddress()));
            for (String recipient : smtp.getRecipients()) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
            }
            message.setSubject(subject, "UTF-8");
            message.setText(body, "UTF-8");
            message.setSentDate(Date.from(Instant.now()));
            Transport.send(message);
            return true;
        } catch (MessagingException | RuntimeException e) {
            LOG.log(Level.WARNING, "Alert e-mail to {0}:{1} not sent: {2}",
                    new Object[]{smtp.getHost(), smtp.getPort(), e.getMessage()});
            return false;
        }
    }

    private Session session(MailSettings smtp) {
        Properties props = new Properties();
        String protocol = smtp.getSecurity() == SmtpSecurity.TLS ? "smtps" : "smtp";
        props.put("mail.transport.protocol", protocol);
        props.put("mail.transport.protocol.rfc822", protocol);
        props.put("mail." + protocol + ".host", smtp.getHost());
        props.put("mail." + protocol + ".port", String.valueOf(smtp.getPort()));
        props.put("mail." + protocol + ".connectiontimeout", TIMEOUT_MILLIS);
        props.put("mail." + protocol + ".timeout", TIMEOUT_MILLIS);
        props.put("mail." + protocol + ".writetimeout", TIMEOUT_MILLIS);
        if (smtp.getSecurity() == SmtpSecurity.STARTTLS) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        if (smtp.getSecurity() != SmtpSecurity.NONE) {
            props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        Optional<String> password = settings.password();
        if (smtp.getUsername() == null) {
            return Session.getInstance(props);
        }
        props.put("mail." + protocol + ".auth", "true");
        String user = smtp.getUsername();
        String secret = password.orElse("");
        return Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(user, secret);
            }
        });
    }
}
