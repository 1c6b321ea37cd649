package org.lifeboat.connector;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.lifeboat.protocol.ErrorReply;
import org.lifeboat.protocol.Welcome;

/**
 * The endpoint's answer to a HELLO: either a refusal, or a welcome for an agent together with the
 * disks it may replicate on this connection (none for an agent that only pings).
 */
public record Admission(ErrorReply refusal, Welcome welcome, String agentId, List<AdmittedDisk> disks)
        implements Serializable {

    /** A disk the agent may send records for, and its size, against which every record is checked. */
    public record AdmittedDisk(String diskId, long sizeBytes) implements Serializable {
    }

    public Admission {
        disks = disks == null ? List.of() : List.copyOf(disks);
    }

    public static Admission refuse(ErrorReply refusal) {
        return new Admission(Objects.requireNonNull(refusal), null, "", List.of());
    }

    public static Admission admit(Welcome welcome, String agentId, List<AdmittedDisk> disks) {
        return new Admission(null, Objects.requireNonNull(welcome), Objects.requireNonNull(agentId), disks);
    }

    public boolean admitted() {
        return refusal == null;
    }
}
