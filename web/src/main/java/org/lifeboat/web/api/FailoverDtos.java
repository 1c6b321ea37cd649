package org.lifeboat.web.api;

import org.lifeboat.failover.FailoverSettings;

/** The failover API's bodies. */
public final class FailoverDtos {

    private FailoverDtos() {
    }

    /**
     * An item's failover settings; every value optional (unset: the ARM deployment's default: the item's name,
     * a size mapped from the source's CPUs and memory, a subnet given at deployment).
     */
    public record Settings(String targetVmName, String vmSize, String networkId, String subnet, String testNetworkId,
                           String testSubnet, String staticIp, String bootDiskId) {
        public static Settings of(FailoverSettings settings) {
            return new Settings(settings.getTargetVmName(), settings.getVmSize(), settings.getNetworkId(),
                    settings.getSubnet(), settings.getTestNetworkId(), settings.getTestSubnet(), settings.getStaticIp(),
                    settings.getBootDiskId());
        }
    }

    /** testFailover: a point by id or type (Latest, LatestProcessed, LatestAppConsistent), and the test network. */
    public record TestFailover(String recoveryPointId, String recoveryPointType, String networkId) {
    }

    /** unplannedFailover: a point by id or type, and whether to power the source VM off through vCenter first. */
    public record UnplannedFailover(String recoveryPointId, String recoveryPointType, Boolean performShutdown) {
    }

    /** applyRecoveryPoint: the point to fail over to instead. */
    public record ApplyRecoveryPoint(String recoveryPointId, String recoveryPointType) {
    }

    /** testFailoverCleanup: the operator's notes on the drill, kept in the item's events. */
    public record TestFailoverCleanup(String comments) {
    }
}
