package org.lifeboat.web.console;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.lifeboat.mail.MailSettings;
import org.lifeboat.mail.MailSettingsRepository;

/**
 * The mail settings page: the SMTP server alerts are e-mailed through, saved and removed with the repository the
 * API's {@code settings/mail} uses, so the same rules refuse the same values. The password is write-only: the
 * field starts empty (empty keeps the stored one) and only whether one is set is shown.
 */
@Named("mailSettings")
@ViewScoped
public class MailSettingsBean implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The form's id: an input's client id is this, ':' and the API's field name. */
    private static final String FORM = "mail";

    @EJB
    private MailSettingsRepository settings;

    @Inject
    private ConsoleMessages messages;

    private boolean configured;
    private boolean passwordSet;
    private String host;
    private Integer port = 587;
    private String security = "STARTTLS";
    private String from;
    private String recipients;
    private String username;
    private String password;
    private boolean removePassword;

    /** Fills the form with what is stored (not the password). */
    public void load() {
        settings.current().ifPresentOrElse(this::show, () -> configured = false);
        passwordSet = settings.passwordSet();
    }

    private void show(MailSettings stored) {
        configured = true;
        host = stored.getHost();
        port = stored.getPort();
        security = stored.getSecurity().name();
        from = stored.getFromAddress();
        recipients = String.join(", ", stored.getRecipients());
        username = stored.getUsername();
    }

    public void save() {
        String sentPassword = removePassword ? "" : password == null || password.isEmpty() ? null : password;
        password = null; // never rendered back
        messages.attempt(FORM, () -> settings.save(new MailSettingsRepository.Request(host, port, security, from,
                recipientList(), username, sentPassword))).ifPresent(existed -> {
            messages.info("Mail settings " + (existed ? "saved" : "created") + ": alerts are e-mailed through "
                    + host + ":" + port + ".");
            removePassword = false;
            load();
        });
    }

    public void delete() {
        messages.attempt(FORM, () -> {
            settings.delete();
            return true;
        }).ifPresent(done -> messages.info("Mail settings removed: alerts are no longer e-mailed."));
        host = null;
        from = null;
        recipients = null;
        username = null;
        load();
    }

    /** Separated by commas, semicolons or line breaks, as an operator pastes them. */
    private List<String> recipientList() {
        if (recipients == null || recipients.isBlank()) {
            return List.of();
        }
        return Arrays.stream(recipients.split("[,;\\s]+")).filter(r -> !r.isBlank()).toList();
    }

    public List<String> getSecurities() {
        return List.of("STARTTLS", "TLS", "NONE");
    }

    public boolean isConfigured() {
        return configured;
    }

    public boolean isPasswordSet() {
        return passwordSet;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getSecurity() {
        return security;
    }

    public void setSecurity(String security) {
        this.security = security;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getRecipients() {
        return recipients;
    }

    public void setRecipients(String recipients) {
        this.recipients = recipients;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    /** Always null: the password is never rendered back. */
    public String getPassword() {
        return null;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public boolean isRemovePassword() {
        return removePassword;
    }

    public void setRemovePassword(boolean removePassword) {
        this.removePassword = removePassword;
    }
}
