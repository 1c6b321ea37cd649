package org.lifeboat.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.home.LifeboatHome;

/**
 * Creates the first administrator from the password the launcher generated at first start
 * ({@code secrets/admin-password}, mode 0600). The database keeps only its PBKDF2 hash.
 */
@Stateless
public class AdministratorBootstrap {

    static final String PASSWORD_FILE = "admin-password";

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Pbkdf2PasswordHash passwordHash;

    @Inject
    private LifeboatHome home;

    @Inject
    private EventRepository events;

    public void ensureAdministrator() throws IOException {
        if (em.find(Administrator.class, AdministratorCredentials.DEFAULT_ADMINISTRATOR) != null) {
            return;
        }
        Path file = home.secret(PASSWORD_FILE);
        if (!Files.isReadable(file)) {
            throw new IOException("no administrator yet and no password file at " + file
                    + ": start Lifeboat with the launcher, which generates it");
        }
        char[] password = Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
        passwordHash.initialize(AdministratorCredentials.hashParameters());
        em.persist(new Administrator(AdministratorCredentials.DEFAULT_ADMINISTRATOR,
                passwordHash.generate(password), Instant.now()));
        Arrays.fill(password, '\0');
        events.record(Severity.INFO, "security", "Administrator '" + AdministratorCredentials.DEFAULT_ADMINISTRATOR
                + "' created from " + file);
    }
}
