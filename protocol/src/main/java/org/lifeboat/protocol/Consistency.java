package org.lifeboat.protocol;

import java.util.Optional;

/** What a bookmark promises about the disks' state at that point, as in ASR's recovery point types. */
public enum Consistency {
    /** As if the machine lost power: every write acknowledged to the OS before the bookmark is in. */
    CRASH_CONSISTENT(1),
    /** Applications flushed and froze their state (pre-freeze script) around the bookmark. */
    APP_CONSISTENT(2);

    private final int code;

    Consistency(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<Consistency> fromCode(int code) {
        for (Consistency consistency : values()) {
            if (consistency.code == code) {
                return Optional.of(consistency);
            }
        }
        return Optional.empty();
    }
}
