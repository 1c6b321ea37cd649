package org.lifeboat.vault;

import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.lifeboat.failover.FailoverPhase;
import org.lifeboat.failover.FailoverSettings;
import org.lifeboat.failover.FailoverStatus;
import org.lifeboat.policy.PolicySettings;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protocol.Consistency;
import org.lifeboat.recoverypoint.RecoveryPoint;
import org.lifeboat.replicationgroup.ReplicationGroup;

/**
 * What the vault catalog keeps of one protected item: everything a new Lifeboat needs to fail it over
 * after the site is lost. It is a versioned JSON document, assembled here and nowhere else
 * ({@link #of}, {@link #toJson}) and read back here ({@link #parse}): a field added later goes into this
 * record, both methods and {@code VaultRecovery}; a reader ignores fields it does not know and refuses a
 * version newer than its own. The failover and failback state is kept, so a new home goes on where the lost
 * site was (commit a failover, fail back); a drill is not: its artifacts, if any, are in the {@code failover}
 * container under the item's name.
 *
 * @param policySettings   the policy's settings as they were, so the policy can be made again if missing
 * @param points           complete, available recovery points only, newest first
 * @param failoverSettings the VM name, size, networks, static IP and boot disk a failover creates
 * @param replicationGroup the item's replication group, or null: its group points are its points with the
 *                         group's round tags, so a recovered vault needs only the group's name and members
 * @param failover         the failover and failback state, or null when the item never failed over
 */
public record ItemManifest(String name, Instant enabledAt, String policy, PolicySettings policySettings,
                           List<Disk> disks, List<Point> points, FailoverSettings failoverSettings,
                           Group replicationGroup, FailoverStatus.Kept failover) {

    public static final int VERSION = 1;

    /**
     * A protected disk: same id and seed blob after recovery, so the points' snapshots still name it; {@code seeded}:
     * its seed started as a copy of the disk (failback's reverse side), so its agent sends only what differs.
     */
    public record Disk(String id, String path, long sizeBytes, String seedBlobName, boolean seeded) {
        public Disk(String id, String path, long sizeBytes, String seedBlobName) {
            this(id, path, sizeBytes, seedBlobName, false);
        }
    }

    /** A recovery point with one snapshot of each disk's seed blob (disk id to snapshot). */
    public record Point(String id, String bookmarkId, Consistency consistency, Instant sourceTime, Instant createdAt,
                        Map<String, String> snapshots) {
    }

    /** A replication group: its name, the policy it follows and its members. */
    public record Group(String name, String policy, List<String> items) {
        public Group {
            items = List.copyOf(items);
        }
    }

    /** A manifest of an item in no replication group. */
    public ItemManifest(String name, Instant enabledAt, String policy, PolicySettings policySettings,
                        List<Disk> disks, List<Point> points, FailoverSettings failoverSettings) {
        this(name, enabledAt, policy, policySettings, disks, points, failoverSettings, null, null);
    }

    public ItemManifest {
        disks = List.copyOf(disks);
        points = List.copyOf(points);
        failoverSettings = failoverSettings == null ? FailoverSettings.none() : failoverSettings;
    }

    /** The manifest of an item and its points, as the database holds them now. */
    public static ItemManifest of(ProtectedItem item, List<RecoveryPoint> points) {
        return of(item, points, null);
    }

    /** As {@link #of(ProtectedItem, List)}, with the item's replication group (null: none). */
    public static ItemManifest of(ProtectedItem item, List<RecoveryPoint> points, ReplicationGroup group) {
        return new ItemManifest(item.getName(), item.getEnabledAt(), item.getPolicy().getName(),
                item.getPolicy().settings(),
                item.getDisks().stream().map(d -> new Disk(d.getId(), d.getPath(), d.getSizeBytes(),
                        d.getSeedBlobName(), d.isSeeded())).toList(),
                // "never ahead of the data": a point is in the catalog only once every snapshot of it exists
                points.stream().filter(RecoveryPoint::isAvailable).map(p -> new Point(p.getId(), p.getBookmarkId(),
                        p.getConsistency(), p.getSourceTime(), p.getCreatedAt(),
                        new LinkedHashMap<>(p.getSnapshots()))).toList(),
                item.getFailoverSettings(), group == null ? null
                        : new Group(group.getName(), group.getPolicy().getName(), group.getMembers()),
                item.failover().kept());
    }

    public String toJson() {
        JsonArrayBuilder diskArray = Json.createArrayBuilder();
        disks.forEach(d -> diskArray.add(Json.createObjectBuilder().add("id", d.id()).add("path", d.path())
                .add("sizeBytes", d.sizeBytes()).add("seedBlobName", d.seedBlobName()).add("seeded", d.seeded())));
        JsonArrayBuilder pointArray = Json.createArrayBuilder();
        for (Point p : points) {
            JsonObjectBuilder snapshots = Json.createObjectBuilder();
            p.snapshots().forEach(snapshots::add);
            JsonObjectBuilder point = Json.createObjectBuilder().add("id", p.id()).add("bookmarkId", p.bookmarkId())
                    .add("consistency", p.consistency().name()).add("sourceTime", p.sourceTime().toString())
                    .add("snapshots", snapshots);
            if (p.createdAt() != null) {
                point.add("createdAt", p.createdAt().toString());
            }
            pointArray.add(point);
        }
        JsonObjectBuilder root = Json.createObjectBuilder()
                .add("version", VERSION)
                .add("name", name)
                .add("enabledAt", enabledAt.toString())
                .add("policy", Json.createObjectBuilder().add("name", policy)
                        .add("rpoThresholdMinutes", policySettings.rpoThresholdMinutes())
                        .add("retentionHours", policySettings.retentionHours())
                        .add("appConsistentFrequencyHours", policySettings.appConsistentFrequencyHours())
                        .add("crashConsistentFrequencyMinutes", policySettings.crashConsistentFrequencyMinutes()))
                .add("disks", diskArray)
                .add("recoveryPoints", pointArray)
                .add("failoverSettings", failoverSettingsJson());
        if (replicationGroup != null) {
            JsonArrayBuilder items = Json.createArrayBuilder();
            replicationGroup.items().forEach(items::add);
            root.add("replicationGroup", Json.createObjectBuilder().add("name", replicationGroup.name())
                    .add("policy", replicationGroup.policy()).add("items", items));
        }
        if (failover != null) {
            root.add("failover", failoverJson());
        }
        return root.build().toString();
    }

    private JsonObjectBuilder failoverJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("phase", failover.phase().name());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("pointId", failover.pointId());
        values.put("folder", failover.folder());
        values.put("failedOverAt", failover.failedOverAt());
        values.put("committedAt", failover.committedAt());
        values.put("reverseItem", failover.reverseItem());
        values.put("failbackPointId", failover.failbackPointId());
        return withValues(json, values);
    }

    /** The builder with each value that is set, as text (an unset one is left out, as a reader expects). */
    private static JsonObjectBuilder withValues(JsonObjectBuilder json, Map<String, ?> values) {
        values.forEach((field, value) -> {
            if (value != null) {
                json.add(field, value.toString());
            }
        });
        return json;
    }

    private static FailoverStatus.Kept failover(JsonObject root) {
        if (!(root.get("failover") instanceof JsonObject f)) {
            return null;
        }
        return new FailoverStatus.Kept(FailoverPhase.valueOf(f.getString("phase")), f.getString("pointId", null),
                f.getString("folder", null), instant(f, "failedOverAt"), instant(f, "committedAt"),
                f.getString("reverseItem", null), f.getString("failbackPointId", null));
    }

    private static Instant instant(JsonObject json, String field) {
        String text = json.getString(field, null);
        return text == null ? null : Instant.parse(text);
    }

    private JsonObjectBuilder failoverSettingsJson() {
        JsonObjectBuilder json = Json.createObjectBuilder();
        FailoverSettings f = failoverSettings;
        Map<String, String> values = new LinkedHashMap<>();
        values.put("targetVmName", f.getTargetVmName());
        values.put("vmSize", f.getVmSize());
        values.put("networkId", f.getNetworkId());
        values.put("subnet", f.getSubnet());
        values.put("testNetworkId", f.getTestNetworkId());
        values.put("testSubnet", f.getTestSubnet());
        values.put("staticIp", f.getStaticIp());
        values.put("bootDiskId", f.getBootDiskId());
        return withValues(json, values);
    }

    /** Settings as the manifest holds them, checked again as an operator's would be. */
    private static FailoverSettings failoverSettings(JsonObject root, List<Disk> disks) {
        JsonObject f = root.containsKey("failoverSettings") ? root.getJsonObject("failoverSettings")
                : JsonValue.EMPTY_JSON_OBJECT;
        return FailoverSettings.validated(f.getString("targetVmName", null), f.getString("vmSize", null),
                f.getString("networkId", null), f.getString("subnet", null), f.getString("testNetworkId", null),
                f.getString("testSubnet", null), f.getString("staticIp", null), f.getString("bootDiskId", null),
                disks.stream().map(Disk::id).toList());
    }

    private static Group replicationGroup(JsonObject root) {
        if (!(root.get("replicationGroup") instanceof JsonObject group)) {
            return null;
        }
        return new Group(group.getString("name"), group.getString("policy"), group.getJsonArray("items")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
    }

    /**
     * A manifest read back from the catalog.
     *
     * @throws IllegalArgumentException when it is not a manifest this version of Lifeboat can read
     */
    public static ItemManifest parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            JsonObject root = reader.readObject();
            int version = root.getInt("version");
            if (version > VERSION) {
                throw new IllegalArgumentException("manifest version " + version + " is newer than this Lifeboat "
                        + "reads (" + VERSION + "); recover with a newer Lifeboat");
            }
            JsonObject policy = root.getJsonObject("policy");
            List<Disk> disks = root.getJsonArray("disks").getValuesAs(JsonObject.class).stream()
                    .map(d -> new Disk(d.getString("id"), d.getString("path"), d.getJsonNumber("sizeBytes").longValue(),
                            d.getString("seedBlobName"), d.getBoolean("seeded", false))).toList();
            List<Point> points = root.getJsonArray("recoveryPoints").getValuesAs(JsonObject.class).stream()
                    .map(p -> {
                        Map<String, String> snapshots = new LinkedHashMap<>();
                        p.getJsonObject("snapshots").forEach((disk, snapshot) ->
                                snapshots.put(disk, ((jakarta.json.JsonString) snapshot).getString()));
                        return new Point(p.getString("id"), p.getString("bookmarkId"),
                                Consistency.valueOf(p.getString("consistency")), Instant.parse(p.getString("sourceTime")),
                                p.containsKey("createdAt") && p.get("createdAt") != JsonValue.NULL
                                        ? Instant.parse(p.getString("createdAt")) : null, snapshots);
                    }).toList();
            return new ItemManifest(root.getString("name"), Instant.parse(root.getString("enabledAt")),
                    policy.getString("name"), new PolicySettings(policy.getInt("rpoThresholdMinutes"),
                    policy.getInt("retentionHours"), policy.getInt("appConsistentFrequencyHours"),
                    policy.getInt("crashConsistentFrequencyMinutes")), disks, points, failoverSettings(root, disks),
                    replicationGroup(root), failover(root));
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith("manifest")) {
                throw e;
            }
            throw new IllegalArgumentException("not a readable item manifest: " + e.getMessage(), e);
        }
    }
}
