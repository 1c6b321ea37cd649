package org.lifeboat.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.files.SecureFiles;
import org.lifeboat.home.LifeboatHome;
import org.lifeboat.shared.InvalidRequestException;

/**
 * The operator's SMTP configuration: validated, kept in the database, with the password in
 * {@code secrets/smtp-password} (0600). The password is only ever read to log in to the SMTP server:
 * never returned, never logged.
 */
@Stateless
public class MailSettingsRepository {

    static final String PASSWORD_FILE = "smtp-password";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,253})|\\[[0-9A-Fa-f:.]+\\]");
    private static final int MAX_RECIPIENTS = 20;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private LifeboatHome home;

    /** What an operator asks for; a null password keeps the stored one, an empty one removes it. */
    public record Request(String host, Integer port, String security, String from, List<String> recipients,
                          String username, String password) {
    }

    public Optional<MailSettings> current() {
        return Optional.ofNullable(em.find(MailSettings.class, MailSettings.ID));
    }

    public boolean passwordSet() {
        return Files.isRegularFile(passwordFile());
    }

    /** Validates everything before changing anything; answers whether the settings existed before. */
    public boolean save(Request request) {
        if (request == null) {
            throw new InvalidRequestException("body", "a JSON body with host, port, security, from and recipients "
                    + "is required");
        }
        String host = request.host() == null ? "" : request.host().trim();
        if (!HOST.matcher(host).matches()) {
            throw new InvalidRequestException("host", "host must be a host name or an IP address");
        }
        if (request.port() == null || request.port() < 1 || request.port() > 65535) {
            throw new InvalidRequestException("port", "port must be between 1 and 65535");
        }
        SmtpSecurity security = security(request.security());
        String from = address("from", request.from());
        if (request.recipients() == null || request.recipients().isEmpty()) {
            throw new InvalidRequestException("recipients", "at least one recipient is required");
        }
        if (request.recipients().size() > MAX_RECIPIENTS) {
            throw new InvalidRequestException("recipients", "at most " + MAX_RECIPIENTS + " recipients");
        }
        List<String> recipients = request.recipients().stream().map(r -> address("recipients", r)).toList();
        String username = request.username() == null || request.username().isBlank() ? null : request.username();
        if (username != null && (username.length() > 255 || username.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidRequestException("username", "username must be at most 255 printable characters");
        }
        if (request.password() != null && request.password().length() > 1024) {
            throw new InvalidRequestException("password", "password must be at most 1024 characters");
        }
        if (username == null && request.password() != null && !request.password().isEmpty()) {
            throw new InvalidRequestException("password", "a password needs a username");
        }
        MailSettings settings = em.find(MailSettings.class, MailSettings.ID);
        boolean existed = settings != null;
        if (existed) {
            settings.update(host, request.port(), security, from, recipients, username);
        } else {
            em.persist(new MailSettings(host, request.port(), security, from, recipients, username));
        }
        if (username == null || (request.password() != null && request.password().isEmpty())) {
            deletePassword();
        } else if (request.password() != null) {
            writePassword(request.password());
        }
        return existed;
    }

    /** Turns alert e-mails off. */
    public void delete() {
        MailSettings settings = em.find(MailSettings.class, MailSettings.ID);
        if (settings != null) {
            em.remove(settings);
        }
        deletePassword();
    }

    /** The SMTP password, for {@link AlertMailer} to log in with only (a business method must be public). */
    public Optional<String> password() {
        try {
            return passwordSet() ? Optional.of(Files.readString(passwordFile(), StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SMTP password file", e);
        }
    }

    private static SmtpSecurity security(String value) {
        if (value == null) {
            return SmtpSecurity.STARTTLS;
        }
        try {
            return SmtpSecurity.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("security", "security must be NONE, STARTTLS or TLS");
        }
    }

    private static String address(String field, String value) {
        try {
            InternetAddress address = new InternetAddress(value == null ? "" : value.trim(), true);
            if (address.getAddress() == null || !address.getAddress().contains("@")) {
                throw new AddressException("no domain");
            }
            return address.getAddress();
        } catch (AddressException e) {
            throw new InvalidRequestException(field, "'" + value + "' is not an e-mail address");
        }
    }

    private Path passwordFile() {
        return home.secret(PASSWORD_FILE);
    }

    private void writePassword(String password) {
        Path file = passwordFile();
        try {
            SecureFiles.createPrivateDirectories(file.getParent());
            SecureFiles.writeAtomically(file, password.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SMTP password file", e);
        }
    }

    private void deletePassword() {
        try {
            Files.deleteIfExists(passwordFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the SMTP password file", e);
        }
    }
}
