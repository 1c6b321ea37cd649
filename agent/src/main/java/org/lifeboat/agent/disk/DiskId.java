package org.lifeboat.agent.disk;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The server's name for one protected disk. It also names the disk's directory in the
 * agent's state, so only characters that are safe in a file name are accepted.
 */
public record DiskId(String value) {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public DiskId {
        Objects.requireNonNull(value, "value");
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("disk id '" + value
                    + "' is not 1 to 128 letters, digits, '.', '_' or '-' starting with a letter or digit");
        }
    }

    public static DiskId of(String value) {
        return new DiskId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
