package org.lifeboat.mail;

import java.util.Arrays;
import java.util.List;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Where alert e-mails go: the SMTP server, the sender and the recipients. The SMTP password is not
 * here: it is a secret file ({@code secrets/smtp-password}, 0600), see {@link MailSettingsRepository}.
 */
@Entity
@Table(name = "MAIL_SETTINGS")
public class MailSettings {

    static final String ID = "smtp";

    @Id
    @Column(length = 16)
    private String id = ID;

    @Column(nullable = false, length = 255)
    private String host;

    private int port;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private SmtpSecurity security;

    @Column(nullable = false, length = 320)
    private String fromAddress;

    /** Comma-separated. */
    @Column(nullable = false, length = 2000)
    private String recipients;

    @Column(length = 255)
    private String username;

    protected MailSettings() {
        // for JPA
    }

    MailSettings(String host, int port, SmtpSecurity security, String fromAddress, List<String> recipients,
                 String username) {
        update(host, port, security, fromAddress, recipients, username);
    }

    final void update(String host, int port, SmtpSecurity security, String fromAddress, List<String> recipients,
                      String username) {
        this.host = host;
        this.port = port;
        this.security = security;
        this.fromAddress = fromAddress;
        this.recipients = String.join(",", recipients);
        this.username = username;
    }

    public String getHost() {
        return host;
    }

    public int getPort() {
        return port;
    }

    public SmtpSecurity getSecurity() {
        return security;
    }

    public String getFromAddress() {
        return fromAddress;
    }

    public List<String> getRecipients() {
        return Arrays.stream(recipients.split(",")).filter(r -> !r.isBlank()).toList();
    }

    public String getUsername() {
        return username;
    }
}
