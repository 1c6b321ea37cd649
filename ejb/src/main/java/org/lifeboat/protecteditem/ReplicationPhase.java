package org.lifeboat.protecteditem;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.lifeboat.shared.InvalidRequestException;

/** Where a disk's replication is, as its agent reports it: the first full pass, then changes only. */
public enum ReplicationPhase {
    /** The first full pass is not acknowledged yet. */
    INITIAL,
    /** Only changes are sent. */
    DELTA;

    /** The phase an agent sent, exactly as spelled; anything else is refused naming the allowed values. */
    public static ReplicationPhase parse(String field, String value) {
        for (ReplicationPhase phase : values()) {
            if (phase.name().equals(value)) {
                return phase;
            }
        }
        throw new InvalidRequestException(field, field + " must be one of " + Arrays.stream(values())
                .map(Enum::name).collect(Collectors.joining(", ")) + (value == null ? "" : ", not '"
                + (value.length() > 32 ? value.substring(0, 32) + "…" : value) + "'"));
    }
}
