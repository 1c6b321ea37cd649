package org.lifeboat.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lifeboat.shared.InvalidRequestException;

class FailoverSettingsTest {

    private static final String NET = "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/dr/"
            + "providers/Microsoft.Network/virtualNetworks/dr-net";
    private static final List<String> DISKS = List.of("d1", "d2");

    @Test
    void acceptsWhatAzureAcceptsAndBlankIsUnset() {
        FailoverSettings settings = FailoverSettings.validated("web01", "Standard_D4s_v5", NET, "app", " ", "",
                "10.0.1.20", "d2", DISKS);
        assertEquals("web01", settings.getTargetVmName());
        assertNull(settings.getTestNetworkId());
        assertEquals(NET + "/subnets/app", FailoverSettings.subnetId(settings.getNetworkId(), settings.getSubnet()));
        assertEquals("d2", settings.getBootDiskId());
    }

    @Test
    void refusesNamingTheField() {
        assertField("targetVmName", () -> FailoverSettings.validated("web_01", null, null, null, null, null, null,
                null, DISKS));
        assertField("targetVmName", () -> FailoverSettings.validated("a".repeat(60), null, null, null, null, null,
                null, null, DISKS));
        assertField("vmSize", () -> FailoverSettings.validated(null, "D4", null, null, null, null, null, null, DISKS));
        assertField("networkId", () -> FailoverSettings.validated(null, null, "/subscriptions/x/resourceGroups/y",
                "app", null, null, null, null, DISKS));
        assertField("subnet", () -> FailoverSettings.validated(null, null, NET, null, null, null, null, null, DISKS));
        assertField("testNetworkId", () -> FailoverSettings.validated(null, null, null, null, null, "app", null,
                null, DISKS));
        assertField("staticIp", () -> FailoverSettings.validated(null, null, NET, "app", null, null, "10.0.0.256",
                null, DISKS));
        assertField("staticIp", () -> FailoverSettings.validated(null, null, null, null, null, null, "10.0.0.5",
                null, DISKS));
        assertField("bootDiskId", () -> FailoverSettings.validated(null, null, null, null, null, null, null, "d3",
                DISKS));
    }

    private static void assertField(String field, Runnable validation) {
        assertEquals(field, assertThrows(InvalidRequestException.class, validation::run).field());
    }
}
