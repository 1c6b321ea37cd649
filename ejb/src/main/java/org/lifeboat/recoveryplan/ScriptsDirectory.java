package org.lifeboat.recoveryplan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lifeboat.shared.InvalidRequestException;

/**
 * The one directory plan scripts may run from. A script is named by its path (relative to the directory, or
 * absolute) and resolved with its symlinks followed: what lands outside the directory is refused, so a plan
 * cannot run an arbitrary program on the configuration server. Checked when the plan is stored and again
 * right before the script runs (a link may have changed since).
 */
public record ScriptsDirectory(Path dir) {

    static final int MAX_PATH = 255;

    /** @throws InvalidRequestException naming the field when the script is not an executable file inside */
    Path resolve(String field, String script) {
        if (script == null || script.isBlank() || script.length() > MAX_PATH) {
            throw new InvalidRequestException(field, "a script is the path of an executable file inside the scripts "
                    + "directory " + dir + ", at most " + MAX_PATH + " characters");
        }
        Path real;
        Path root;
        try {
            root = dir.toRealPath();
        } catch (IOException e) {
            throw new InvalidRequestException(field, "the scripts directory " + dir + " does not exist: create it "
                    + "(or set " + RecoveryPlanSettings.SCRIPTS_DIR + ") and put the plan's scripts in it");
        }
        try {
            real = root.resolve(script).toRealPath();
        } catch (IOException | RuntimeException e) {
            throw new InvalidRequestException(field, "no script '" + script + "' in the scripts directory " + dir);
        }
        if (!real.startsWith(root) || real.equals(root)) {
            throw new InvalidRequestException(field, "script '" + script + "' is outside the scripts directory " + dir
                    + ": plans run only scripts inside it");
        }
        if (!Files.isRegularFile(real) || !Files.isExecutable(real)) {
            throw new InvalidRequestException(field, "script '" + script + "' is not an executable file");
        }
        return real;
    }
}
