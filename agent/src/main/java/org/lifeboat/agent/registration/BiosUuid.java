package org.lifeboat.agent.registration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * This machine's SMBIOS system UUID, which a vCenter reports as the VM's BIOS UUID. Linux shows it in
 * {@code /sys/class/dmi/id/product_uuid}, readable by root only; without it the server matches the
 * agent to its VM by host name.
 */
public final class BiosUuid {

    public static final Path LINUX = Path.of("/sys/class/dmi/id/product_uuid");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private BiosUuid() {
    }

    /** The UUID in this file, lower case; empty when it cannot be read or is not a UUID. */
    public static Optional<String> read(Path file) {
        try {
            String text = Files.readString(file).strip().toLowerCase(Locale.ROOT);
            return UUID.matcher(text).matches() ? Optional.of(text) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
