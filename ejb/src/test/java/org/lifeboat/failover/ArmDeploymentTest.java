package org.lifeboat.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArmDeploymentTest {

    private static final String OS = "https://acct.blob.core.windows.net/failover/web01/test-j/d1.vhd";
    private static final String DATA = "https://acct.blob.core.windows.net/failover/web01/test-j/d2.vhd";

    @Test
    void importsEachDiskAndAttachesTheBootDiskWithoutAnOsProfile() {
        ArmDeployment deployment = new ArmDeployment("web01-test", "Standard_D2s_v5", "acct",
                List.of(new ArmDeployment.Disk("d1", OS), new ArmDeployment.Disk("d2", DATA)), null, null);
        JsonObject template = parse(deployment.template());
        List<JsonObject> resources = template.getJsonArray("resources").getValuesAs(JsonObject.class);
        List<JsonObject> disks = resources.stream().filter(r -> r.getString("type").equals("Microsoft.Compute/disks"))
                .toList();
        assertEquals(2, disks.size());
        JsonObject creation = disks.get(0).getJsonObject("properties").getJsonObject("creationData");
        assertEquals("Import", creation.getString("createOption"));
        assertEquals(OS, creation.getString("sourceUri"));
        assertEquals("[variables('storageAccountId')]", creation.getString("storageAccountId"));
        assertEquals(DATA, disks.get(1).getJsonObject("properties").getJsonObject("creationData").getString("sourceUri"));
        assertTrue(disks.get(0).getJsonObject("properties").containsKey("osType"), "the boot disk has the OS type");

        JsonObject vm = resources.stream().filter(r -> r.getString("type").equals("Microsoft.Compute/virtualMachines"))
                .findFirst().orElseThrow().getJsonObject("properties");
        assertFalse(vm.containsKey("osProfile"));
        JsonObject storage = vm.getJsonObject("storageProfile");
        assertEquals("Attach", storage.getJsonObject("osDisk").getString("createOption"));
        assertEquals(1, storage.getJsonArray("dataDisks").size());
        assertEquals(0, storage.getJsonArray("dataDisks").getJsonObject(0).getInt("lun"));
        // no subnet known: a parameter without default, left out of the parameters file
        assertFalse(template.getJsonObject("parameters").getJsonObject("subnetId").containsKey("defaultValue"));
        JsonObject parameters = parse(deployment.parameters()).getJsonObject("parameters");
        assertEquals("web01-test", parameters.getJsonObject("vmName").getString("value"));
        assertFalse(parameters.containsKey("subnetId"));
    }

    @Test
    void aKnownSubnetAndStaticIpArePreset() {
        ArmDeployment deployment = new ArmDeployment("web01", "Standard_D2s_v5", "acct",
                List.of(new ArmDeployment.Disk("d1", OS)), "/subscriptions/s/resourceGroups/g/providers/"
                + "Microsoft.Network/virtualNetworks/n/subnets/app", "10.0.0.7");
        JsonObject parameters = parse(deployment.parameters()).getJsonObject("parameters");
        assertTrue(parameters.getJsonObject("subnetId").getString("value").endsWith("/subnets/app"));
        assertEquals("10.0.0.7", parameters.getJsonObject("privateIpAddress").getString("value"));
    }

    /** Planned failover back: the VM is deallocated (and seen deallocated) before Lifeboat's final sync. */
    @Test
    void theFailbackStepsDeallocateTheVmBeforeTheFinalSync() {
        ArmDeployment deployment = new ArmDeployment("web01", "Standard_D2s_v5", "acct",
                List.of(new ArmDeployment.Disk("d1", OS)), null, null);
        JsonObject failback = parse(deployment.failbackSteps("web-01"));
        List<JsonObject> steps = failback.getJsonArray("steps").getValuesAs(JsonObject.class);
        assertEquals(List.of("Deallocate the Azure VM", "Check that the Azure VM is deallocated",
                "Take the final recovery point", "Bring the on-premises disks to the final point"),
                steps.stream().map(step -> step.getString("name")).toList());
        JsonObject deallocate = steps.get(0);
        assertEquals("POST", deallocate.getString("method"));
        assertEquals("https://management.azure.com/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}"
                + "/providers/Microsoft.Compute/virtualMachines/web01/deallocate?api-version=2023-03-01",
                deallocate.getString("url"));
        assertTrue(deallocate.getString("cli").startsWith("az vm deallocate "), deallocate.toString());
        assertTrue(deallocate.getString("cli").endsWith("--name web01"), deallocate.toString());
        assertTrue(steps.get(1).getString("url").endsWith("/virtualMachines/web01/instanceView?api-version=2023-03-01"));
        assertEquals("PowerState/deallocated", steps.get(1).getString("expect").replaceAll(".* (PowerState/\\S+).*",
                "$1"));
        JsonObject finalSync = steps.get(2);
        assertEquals("/api/v1/protectedItems/web-01/plannedFailover", finalSync.getString("url"));
        assertEquals("RecoveryToPrimary", finalSync.getJsonObject("body").getString("failoverDirection"));
        assertEquals("web01", failback.getString("vmName"));
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
