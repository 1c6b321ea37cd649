package org.lifeboat.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.lifeboat.failover.FailoverPhase;
import org.lifeboat.failover.FailoverSettings;
import org.lifeboat.failover.FailoverStatus;
import org.lifeboat.policy.PolicyName;
import org.lifeboat.policy.PolicySettings;
import org.lifeboat.policy.ReplicationPolicy;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protocol.Consistency;
import org.lifeboat.recoverypoint.RecoveryPoint;
import org.lifeboat.secret.SecretBox;
import org.lifeboat.replicationgroup.ReplicationGroup;
import org.lifeboat.shared.InvalidRequestException;

class ItemManifestTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void anItemWithItsDisksPointsAndPolicyReadsBackAsItWasWritten() {
        ReplicationPolicy gold = new ReplicationPolicy(new PolicyName("gold"), new PolicySettings(15, 48, 1, 5));
        ProtectedItem item = ProtectedItem.recovered("web-1", gold, T, null);
        item.recoveredDisk("d-1", "/dev/sda", 1L << 30, "d-1.vhd");
        item.recoveredDisk("d-2", "/dev/sdb", 4L << 30, "d-2.vhd");
        item.setFailoverSettings(FailoverSettings.validated("web-1-dr", "Standard_D2s_v5",
                "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/dr/providers/"
                        + "Microsoft.Network/virtualNetworks/dr-net", "apps", null, null, "10.0.1.20", "d-2",
                List.of("d-1", "d-2")));
        List<RecoveryPoint> points = List.of(
                RecoveryPoint.recovered("p-2", "web-1", "b-2", Consistency.APP_CONSISTENT, T.plusSeconds(600),
                        T.plusSeconds(610), Map.of("d-1", "2026-12-01T10:10:05.1234567Z", "d-2", "s-22")),
                RecoveryPoint.recovered("p-1", "web-1", "b-1", Consistency.CRASH_CONSISTENT, T.plusSeconds(300),
                        T.plusSeconds(305), Map.of("d-1", "s-11", "d-2", "s-12")));

        ItemManifest written = ItemManifest.of(item, points);
        ItemManifest read = ItemManifest.parse(written.toJson());

        assertEquals(written, read);
        assertEquals("gold", read.policy());
        assertEquals("10.0.1.20", read.failoverSettings().getStaticIp());
        assertEquals("d-2", read.failoverSettings().getBootDiskId());
        assertEquals(new PolicySettings(15, 48, 1, 5), read.policySettings());
        assertEquals(List.of("p-2", "p-1"), read.points().stream().map(ItemManifest.Point::id).toList());
        assertEquals("2026-12-01T10:10:05.1234567Z", read.points().get(0).snapshots().get("d-1"));
        assertTrue(written.toJson().startsWith("{\"version\":1,"), written.toJson());
    }

    @Test
    void anItemsReplicationGroupReadsBackAndAnOlderManifestHasNone() {
        ReplicationPolicy gold = new ReplicationPolicy(new PolicyName("gold"), new PolicySettings(15, 48, 1, 5));
        ProtectedItem item = ProtectedItem.recovered("db-1", gold, T, null);
        item.recoveredDisk("d-1", "/dev/sda", 1L << 30, "d-1.vhd");
        ItemManifest written = ItemManifest.of(item, List.of(),
                ReplicationGroup.recovered("shop", gold, List.of("db-1", "app-1", "web-1")));
        ItemManifest read = ItemManifest.parse(written.toJson());
        assertEquals(new ItemManifest.Group("shop", "gold", List.of("db-1", "app-1", "web-1")), read.replicationGroup());
        assertEquals(written, read);
        assertEquals(null, ItemManifest.parse(ItemManifest.of(item, List.of()).toJson()).replicationGroup());
    }

    @Test
    void aCommittedFailoverAndASeededDiskReadBackAndAnOlderManifestHasNeither() {
        ReplicationPolicy gold = new ReplicationPolicy(new PolicyName("gold"), new PolicySettings(15, 48, 1, 5));
        ProtectedItem item = ProtectedItem.recovered("web-1", gold, T, null);
        item.recoveredDisk("d-1", "/dev/sda", 1L << 30, "d-1.vhd", true);
        FailoverStatus.Kept committed = new FailoverStatus.Kept(FailoverPhase.COMMITTED, "p-1", "web-1/failover-j/",
                T, T.plusSeconds(60), null, null);
        item.recoveredFailover(committed);

        ItemManifest written = ItemManifest.of(item, List.of());
        ItemManifest read = ItemManifest.parse(written.toJson());
        assertEquals(written, read);
        assertEquals(committed, read.failover());
        assertTrue(read.disks().get(0).seeded());

        String older = written.toJson().replace(",\"seeded\":true", "").replaceAll(",\"failover\":\\{[^}]*}", "");
        ItemManifest olderRead = ItemManifest.parse(older);
        assertEquals(null, olderRead.failover(), older);
        assertTrue(!olderRead.disks().get(0).seeded(), older);
    }

    @Test
    void aManifestFromANewerLifeboatIsRefusedWithTheReason() {
        String newer = "{\"version\":2,\"name\":\"x\"}";
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ItemManifest.parse(newer));
        assertTrue(refused.getMessage().contains("newer than this Lifeboat reads"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ItemManifest.parse("{\"version\":1}"));
    }

    @Test
    void aKeyIsBase64Of32BytesAndAnythingElseIsRefusedWithoutEchoingIt() {
        byte[] bytes = new byte[32];
        bytes[0] = 7;
        String text = java.util.Base64.getEncoder().encodeToString(bytes);
        assertEquals(new SecretKeySpec(bytes, "AES"), VaultRecoveryKey.parse("  " + text + "\n"));
        for (String wrong : List.of("", "not base64!", java.util.Base64.getEncoder().encodeToString(new byte[16]))) {
            InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                    () -> VaultRecoveryKey.parse(wrong));
            assertEquals("recoveryKey", refused.field());
            assertTrue(wrong.isEmpty() || !refused.getMessage().contains(wrong), refused.getMessage());
        }
    }

    @Test
    void aManifestSealedForOneItemDoesNotOpenAsAnother() {
        SecretBox box = SecretBox.forPurpose(new SecretKeySpec(new byte[32], "AES"), "vault catalog");
        String sealed = box.seal("{}", "items/a");
        assertEquals("{}", box.open(sealed, "items/a"));
        assertThrows(IllegalArgumentException.class, () -> box.open(sealed, "items/b"));
        SecretBox other = SecretBox.forPurpose(new SecretKeySpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}, "AES"), "vault catalog");
        assertThrows(IllegalArgumentException.class, () -> other.open(sealed, "items/a"));
    }
}
