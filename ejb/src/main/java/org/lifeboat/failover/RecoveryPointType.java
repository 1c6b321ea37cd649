package org.lifeboat.failover;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.lifeboat.shared.InvalidRequestException;

/** Which point a failover uses when no point id is given, as ASR names them. */
public enum RecoveryPointType {
    /** Apply everything already received for each disk, then take a point: the lowest RPO. */
    LATEST("Latest"),
    /** The newest point there is: the lowest RTO. */
    LATEST_PROCESSED("LatestProcessed"),
    /** The newest app-consistent point. */
    LATEST_APP_CONSISTENT("LatestAppConsistent"),
    /** The item's point of the newest group point of its replication group (common to every member). */
    LATEST_MULTI_VM_PROCESSED("LatestMultiVmProcessed"),
    /** As {@link #LATEST_MULTI_VM_PROCESSED}, the newest group point app-consistent on every member. */
    LATEST_MULTI_VM_APP_CONSISTENT("LatestMultiVmAppConsistent");

    private final String apiName;

    RecoveryPointType(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static RecoveryPointType parse(String value) {
        for (RecoveryPointType type : values()) {
            if (type.apiName.equals(value)) {
                return type;
            }
        }
        throw new InvalidRequestException("recoveryPointType", "recoveryPointType must be one of "
                + Arrays.stream(values()).map(RecoveryPointType::apiName).collect(Collectors.joining(", ")));
    }
}
