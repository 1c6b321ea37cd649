package org.lifeboat.agent.status;

import java.util.Locale;

/** Byte counts as people read them: {@code 512 B}, {@code 1.5 MiB}. */
public final class ByteSize {

    private ByteSize() {
    }

    public static String format(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
