package org.lifeboat.web.api;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lifeboat.protectableitem.MatchedVm;
import org.lifeboat.fabric.AgentRegistration;
import org.lifeboat.fabric.MobilityAgent;
import org.lifeboat.failover.ImageRanges;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.protecteditem.ReplicationPhase;
import org.lifeboat.shared.InvalidRequestException;

/** The agent API's request and response bodies. */
public final class AgentDtos {

    private AgentDtos() {
    }

    /** {@code biosUuid} is optional (agents before it was added leave it out). */
    public record RegistrationRequest(String name, String hostname, String agentVersion, List<DiskDto> disks,
                                      String nonce, String passphraseProof, String biosUuid,
                                      @Schema(description = "A push installation's one-time token, instead of passphraseProof")
                                      String registrationToken) {
        AgentRegistration.Request toRequest() {
            return new AgentRegistration.Request(name, hostname, agentVersion, disks == null ? null
                    : disks.stream().map(d -> d == null ? null : new AgentRegistration.DiskRequest(d.path(),
                    d.sizeBytes() == null ? 0 : d.sizeBytes())).toList(), nonce, passphraseProof, biosUuid,
                    registrationToken);
        }
    }

    public record DiskDto(String path, Long sizeBytes) {
    }

    /** A master target's request for several stretches of a point's image at once, in ascending order. */
    public record ImageRangesRequest(List<ImageRangeDto> ranges) {
        ImageRanges toRanges(long diskSizeBytes) {
            return ImageRanges.of(ranges == null ? null : ranges.stream().map(r -> r == null ? null
                    : new ImageRanges.Requested(r.offset(), r.length())).toList(), diskSizeBytes);
        }
    }

    public record ImageRangeDto(Long offset, Long length) {
    }

    public record RegisteredDisk(String diskId, String path, long sizeBytes) {
    }

    public record RegistrationResponse(String agentId, String credential, String replicationAddress, String serverProof,
                                       List<RegisteredDisk> disks) {
        static RegistrationResponse of(AgentRegistration.Registered registered) {
            return new RegistrationResponse(registered.agentId(), registered.credential(),
                    registered.replicationAddress(), registered.serverProof(), registered.disks().stream()
                    .map(d -> new RegisteredDisk(d.getId(), d.getPath(), d.getSizeBytes())).toList());
        }
    }

    /** Every disk's report is checked before anything is recorded, so a refused heartbeat changes nothing. */
    public record Heartbeat(String agentVersion, List<DiskHeartbeat> disks) {
        /** As long as the column that keeps it. */
        static final int MAX_VERSION_LENGTH = 64;

        List<ReplicationEnabler.DiskReport> reports() {
            if (agentVersion != null && agentVersion.length() > MAX_VERSION_LENGTH) {
                throw new InvalidRequestException("agentVersion", "agentVersion is at most " + MAX_VERSION_LENGTH
                        + " characters");
            }
            return disks == null ? List.of() : disks.stream().map(d -> {
                if (d == null) {
                    throw new InvalidRequestException("disks", "disks holds no null entry");
                }
                return d.toReport();
            }).toList();
        }
    }

    /** {@code resyncGeneration} and its counts: the last resync the agent finished comparing, if any. */
    public record DiskHeartbeat(String diskId,
                                @Schema(enumeration = {"INITIAL", "DELTA"}, required = true) String phase,
                                Integer initialPercent, Long pendingBytes,
                                Long lastAckedSequence, Boolean connected, Long resyncGeneration,
                                Long resyncComparedBlocks, Long resyncDifferingBlocks,
                                @Schema(enumeration = {"trace", "scan"}, description = "how the agent finds the "
                                        + "disk's changes") String tracker,
                                @Schema(description = "why it is scanned rather than traced, or the trace's last gap")
                                String trackerNote) {
        ReplicationEnabler.DiskReport toReport() {
            ReplicationEnabler.ResyncDone resync = resyncGeneration == null || resyncGeneration <= 0 ? null
                    : new ReplicationEnabler.ResyncDone(resyncGeneration,
                    resyncComparedBlocks == null ? 0 : resyncComparedBlocks,
                    resyncDifferingBlocks == null ? 0 : resyncDifferingBlocks);
            if (initialPercent != null && (initialPercent < 0 || initialPercent > 100)) {
                throw new InvalidRequestException("initialPercent", "initialPercent is between 0 and 100, not "
                        + initialPercent);
            }
            if (pendingBytes != null && pendingBytes < 0) {
                throw new InvalidRequestException("pendingBytes", "pendingBytes is 0 or more, not " + pendingBytes);
            }
            if (tracker != null && !tracker.equals("trace") && !tracker.equals("scan")) {
                throw new InvalidRequestException("tracker", "tracker must be one of trace, scan, not '" + tracker + "'");
            }
            if (trackerNote != null && trackerNote.length() > ProtectedDisk.TRACKER_NOTE_LENGTH) {
                throw new InvalidRequestException("trackerNote", "trackerNote is at most "
                        + ProtectedDisk.TRACKER_NOTE_LENGTH + " characters");
            }
            return new ReplicationEnabler.DiskReport(diskId, ReplicationPhase.parse("phase", phase),
                    initialPercent == null ? 0 : initialPercent, pendingBytes == null ? 0 : pendingBytes, resync,
                    tracker, trackerNote);
        }
    }

    @Schema(description = "The heartbeat's answer when the server asks the agent for something, e.g. a resync")
    public record HeartbeatReply(List<ResyncRequest> resync) {
    }

    @Schema(description = "Compare a disk with its seed's checksums for this generation and send what differs")
    public record ResyncRequest(String diskId, long generation) {
    }

    public record AgentEvent(String severity, String message) {
    }

    @Schema(description = "A registered mobility agent, as an administrator sees it")
    public record Agent(String id, String name, String hostname, String agentVersion,
                        @Schema(type = SchemaType.STRING, format = "date-time") Instant registeredAt,
                        @Schema(type = SchemaType.STRING, format = "date-time",
                                description = "absent until its first heartbeat") Instant lastHeartbeatAt,
                        boolean revoked,
                        @Schema(description = "the protected item replicating its disks, if any") String protectedItem,
                        @Schema(description = "the discovered VM the agent runs on (matched by BIOS UUID, else host "
                                + "name), if any") Vm matchedVm,
                        List<RegisteredDisk> disks) {
        static Agent of(MobilityAgent agent, String protectedItem, MatchedVm matchedVm) {
            return new Agent(agent.getId(), agent.getName(), agent.getHostname(), agent.getAgentVersion(),
                    agent.getRegisteredAt(), agent.getLastHeartbeatAt(), agent.isRevoked(), protectedItem,
                    matchedVm == null ? null : new Vm(matchedVm.protectableItemId(), matchedVm.name(),
                            ProtectableItemDto.matchedBy(matchedVm.matchedBy())),
                    agent.getDisks().stream().map(d -> new RegisteredDisk(d.getId(), d.getPath(), d.getSizeBytes()))
                            .toList());
        }
    }

    @Schema(description = "The discovered VM an agent runs on")
    public record Vm(@Schema(description = "its id among the protectable items") String protectableItemId,
                     @Schema(description = "its name in vCenter") String name,
                     @Schema(description = "BiosUuid or Hostname") String matchedBy) {
    }

    @Schema(description = "A new registration passphrase, shown this once; the previous one stops working")
    public record Passphrase(String passphrase) {
        /** Keeps the secret out of logs. */
        @Override
        public String toString() {
            return "Passphrase[...]";
        }
    }
}
