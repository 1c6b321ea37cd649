package org.lifeboat.home;

import java.nio.file.Path;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeboat.shared.Settings;

/**
 * The folder everything of one Lifeboat installation lives in ({@code LIFEBOAT_HOME}); the launcher
 * passes it to the server as {@code -Dlifeboat.home}. Secrets sit under {@code secrets/}, readable by
 * their owner only.
 */
@ApplicationScoped
public class LifeboatHome {

    private final Path root = Path.of(Settings.text("lifeboat.home", ".")).toAbsolutePath();

    public Path root() {
        return root;
    }

    public Path secret(String name) {
        return root.resolve("secrets").resolve(name);
    }
}
