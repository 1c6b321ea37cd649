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

    /**
     * A disk the agent may send records for, its size, against which every record is checked, and the
     * highest sequence durable in Azure Storage (uploaded or applied; 0 for none): what a server whose
     * journal lost the disk's records still holds.
     */
    public record AdmittedDisk(String diskId, long sizeBytes, long durableInAzure) implements Serializable {

        public AdmittedDisk(String diskId, long sizeBytes) {
            this(diskId, sizeBytes, 0);
        }
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
