package org.lifeboat.failover;

import org.lifeboat.shared.InvalidRequestException;

/**
 * The point a failover is asked for: a point's id, or a {@link RecoveryPointType}. Neither given means
 * {@link RecoveryPointType#LATEST_PROCESSED}; both given is refused.
 */
public record PointChoice(String pointId, RecoveryPointType type) {

    public static PointChoice of(String pointId, String type) {
        boolean hasId = pointId != null && !pointId.isBlank();
        boolean hasType = type != null && !type.isBlank();
        if (hasId && hasType) {
            throw new InvalidRequestException("recoveryPointType", "give recoveryPointId or recoveryPointType, not both");
        }
        return hasId ? new PointChoice(pointId, null)
                : new PointChoice(null, hasType ? RecoveryPointType.parse(type) : RecoveryPointType.LATEST_PROCESSED);
    }

    @Override
    public String toString() {
        return pointId != null ? pointId : type.apiName();
    }
}
