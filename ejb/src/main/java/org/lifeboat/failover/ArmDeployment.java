package org.lifeboat.failover;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.stream.JsonGenerator;

/**
 * The ARM deployment of a failed-over machine: each failover disk imported as a managed disk
 * ({@code Microsoft.Compute/disks}, {@code createOption: Import} from its VHD page blob), a NIC on the
 * chosen subnet, and the VM with its OS disk attached ({@code createOption: Attach}, so no
 * {@code osProfile}: ARM refuses one for an attached disk). The disks' blobs are written into the
 * template; name, size, subnet and IP are parameters, preset in the parameters file where known.
 *
 * @param vmName      the VM's name (with "-test" for a drill)
 * @param vmSize      the Azure size
 * @param storageAccountName the account holding the failover disks
 * @param disks       the failover disks, the boot disk first
 * @param subnetId    the NIC's subnet resource id, or null (the operator gives it at deployment)
 * @param staticIp    the NIC's private IP, or null for a dynamic one
 */
public record ArmDeployment(String vmName, String vmSize, String storageAccountName, List<Disk> disks,
                            String subnetId, String staticIp) {

    static final String TEMPLATE_SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
    static final String PARAMETERS_SCHEMA =
            "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#";
    static final String DISK_API = "2023-04-02";
    static final String VM_API = "2023-03-01";
    static final String NIC_API = "2023-04-01";
    static final String DEALLOCATE_STEP = "Deallocate the Azure VM";

    /** One failover disk: the source disk's id and the URL of its VHD page blob. */
    public record Disk(String diskId, String sourceUri) {
    }

    public ArmDeployment {
        if (disks.isEmpty()) {
            throw new IllegalArgumentException("a machine needs at least its boot disk");
        }
        disks = List.copyOf(disks);
    }

    public String template() {
        JsonArrayBuilder resources = Json.createArrayBuilder();
        JsonArrayBuilder dependsOn = Json.createArrayBuilder();
        JsonArrayBuilder dataDisks = Json.createArrayBuilder();
        for (int i = 0; i < disks.size(); i++) {
            Disk disk = disks.get(i);
            String name = diskName(i);
            JsonObjectBuilder properties = Json.createObjectBuilder()
                    .add("creationData", Json.createObjectBuilder()
                            .add("createOption", "Import")
                            .add("sourceUri", disk.sourceUri())
                            .add("storageAccountId", "[variables('storageAccountId')]"));
            if (i == 0) {
                properties.add("osType", "[parameters('osType')]").add("hyperVGeneration", "V1");
            }
            resources.add(Json.createObjectBuilder()
                    .add("type", "Microsoft.Compute/disks").add("apiVersion", DISK_API)
                    .add("name", name).add("location", "[parameters('location')]")
                    .add("tags", Json.createObjectBuilder().add("lifeboatDiskId", disk.diskId()))
                    .add("sku", Json.createObjectBuilder().add("name", "[parameters('diskSku')]"))
                    .add("properties", properties));
            dependsOn.add(diskId(i));
            if (i > 0) {
                dataDisks.add(Json.createObjectBuilder().add("lun", i - 1).add("createOption", "Attach")
                        .add("managedDisk", Json.createObjectBuilder().add("id", diskId(i))));
            }
        }
        resources.add(Json.createObjectBuilder()
                .add("type", "Microsoft.Network/networkInterfaces").add("apiVersion", NIC_API)
                .add("name", "[concat(parameters('vmName'), '-nic')]").add("location", "[parameters('location')]")
                .add("properties", Json.createObjectBuilder().add("ipConfigurations", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("name", "ipconfig1").add("properties",
                                Json.createObjectBuilder()
                                        .add("subnet", Json.createObjectBuilder().add("id", "[parameters('subnetId')]"))
                                        .add("privateIPAllocationMethod",
                                                "[if(empty(parameters('privateIpAddress')), 'Dynamic', 'Static')]")
                                        .add("privateIPAddress", "[if(empty(parameters('privateIpAddress')), "
                                                + "json('null'), parameters('privateIpAddress'))]"))))));
        dependsOn.add("[resourceId('Microsoft.Network/networkInterfaces', concat(parameters('vmName'), '-nic'))]");
        resources.add(Json.createObjectBuilder()
                .add("type", "Microsoft.Compute/virtualMachines").add("apiVersion", VM_API)
                .add("name", "[parameters('vmName')]").add("location", "[parameters('location')]")
                .add("dependsOn", dependsOn)
                .add("properties", Json.createObjectBuilder()
                        .add("hardwareProfile", Json.createObjectBuilder().add("vmSize", "[parameters('vmSize')]"))
                        .add("storageProfile", Json.createObjectBuilder()
                                .add("osDisk", Json.createObjectBuilder().add("osType", "[parameters('osType')]")
                                        .add("createOption", "Attach")
                                        .add("managedDisk", Json.createObjectBuilder().add("id", diskId(0))))
                                .add("dataDisks", dataDisks))
                        .add("networkProfile", Json.createObjectBuilder().add("networkInterfaces",
                                Json.createArrayBuilder().add(Json.createObjectBuilder().add("id",
                                        "[resourceId('Microsoft.Network/networkInterfaces', "
                                                + "concat(parameters('vmName'), '-nic'))]"))))));
        JsonObject template = Json.createObjectBuilder()
                .add("$schema", TEMPLATE_SCHEMA)
                .add("contentVersion", "1.0.0.0")
                .add("parameters", Json.createObjectBuilder()
                        .add("vmName", parameter("string", vmName))
                        .add("vmSize", parameter("string", vmSize))
                        .add("location", parameter("string", "[resourceGroup().location]"))
                        .add("osType", Json.createObjectBuilder().add("type", "string").add("defaultValue", "Linux")
                                .add("allowedValues", Json.createArrayBuilder().add("Linux").add("Windows")))
                        .add("diskSku", parameter("string", "StandardSSD_LRS"))
                        .add("storageAccountName", parameter("string", storageAccountName))
                        .add("storageAccountResourceGroup", parameter("string", "[resourceGroup().name]"))
                        .add("subnetId", subnetId == null ? Json.createObjectBuilder().add("type", "string")
                                .add("metadata", Json.createObjectBuilder().add("description",
                                        "the resource id of the subnet the VM's NIC joins"))
                                : parameter("string", subnetId))
                        .add("privateIpAddress", parameter("string", staticIp == null ? "" : staticIp)))
                .add("variables", Json.createObjectBuilder().add("storageAccountId",
                        "[resourceId(parameters('storageAccountResourceGroup'), 'Microsoft.Storage/storageAccounts', "
                                + "parameters('storageAccountName'))]"))
                .add("resources", resources)
                .add("outputs", Json.createObjectBuilder().add("vmId", Json.createObjectBuilder().add("type", "string")
                        .add("value", "[resourceId('Microsoft.Compute/virtualMachines', parameters('vmName'))]")))
                .build();
        return pretty(template);
    }

    /** The parameters file: every value this vault knows; a missing subnet is for the operator to add. */
    public String parameters() {
        JsonObjectBuilder values = Json.createObjectBuilder()
                .add("vmName", value(vmName)).add("vmSize", value(vmSize))
                .add("storageAccountName", value(storageAccountName));
        if (subnetId != null) {
            values.add("subnetId", value(subnetId));
        }
        if (staticIp != null) {
            values.add("privateIpAddress", value(staticIp));
        }
        return pretty(Json.createObjectBuilder().add("$schema", PARAMETERS_SCHEMA).add("contentVersion", "1.0.0.0")
                .add("parameters", values).build());
    }

    /**
     * The steps of the planned failover back (failback) of this VM, in order, for an operator or a pipeline:
     * ARM has no template resource that stops a VM, so the deallocation is a REST call of the Compute API (and its
     * {@code az} line), then a check of the VM's power state, and only then Lifeboat's final sync and the master
     * target's receive. Lifeboat calls no Azure API: the subscription and resource group are the deployment's,
     * given as parameters where the template was deployed.
     *
     * @param item the protected item (the Lifeboat API's name)
     */
    public String failbackSteps(String item) {
        String vm = "https://management.azure.com/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}"
                + "/providers/Microsoft.Compute/virtualMachines/" + vmName;
        JsonArrayBuilder steps = Json.createArrayBuilder()
                .add(Json.createObjectBuilder()
                        .add("name", DEALLOCATE_STEP)
                        .add("what", "stop the workload in Azure before the final sync (no writes after the "
                                + "final point: zero data loss); the VM keeps its disks")
                        .add("method", "POST").add("url", vm + "/deallocate?api-version=" + VM_API)
                        .add("expect", "202 Accepted; poll the Azure-AsyncOperation header's URL until its status is "
                                + "Succeeded")
                        .add("cli", "az vm deallocate --subscription {subscriptionId} --resource-group "
                                + "{resourceGroupName} --name " + vmName))
                .add(Json.createObjectBuilder()
                        .add("name", "Check that the Azure VM is deallocated")
                        .add("method", "GET").add("url", vm + "/instanceView?api-version=" + VM_API)
                        .add("expect", "statuses holds the code PowerState/deallocated"))
                .add(Json.createObjectBuilder()
                        .add("name", "Take the final recovery point")
                        .add("what", "Lifeboat's planned failover: everything the VM's agent sent before it was "
                                + "deallocated")
                        .add("method", "POST").add("url", "/api/v1/protectedItems/" + item + "/plannedFailover")
                        .add("body", Json.createObjectBuilder().add("failoverDirection", "RecoveryToPrimary")))
                .add(Json.createObjectBuilder()
                        .add("name", "Bring the on-premises disks to the final point")
                        .add("what", "on premises, the machine off: the job's result gives the command per disk")
                        .add("cli", "lifeboat-agent receive --state <agent state> --disk-id <disk> --point "
                                + "<failbackRecoveryPointId> --disk <device>"));
        return pretty(Json.createObjectBuilder()
                .add("vmName", vmName)
                .add("parameters", Json.createArrayBuilder().add("subscriptionId").add("resourceGroupName"))
                .add("steps", steps).build());
    }

    /** The managed disk's name: an ARM expression on the VM's name, e.g. web01-test-disk0. */
    private static String diskName(int index) {
        return "[concat(parameters('vmName'), '-disk" + index + "')]";
    }

    private static String diskId(int index) {
        return "[resourceId('Microsoft.Compute/disks', concat(parameters('vmName'), '-disk" + index + "'))]";
    }

    private static JsonObjectBuilder parameter(String type, String defaultValue) {
        return Json.createObjectBuilder().add("type", type).add("defaultValue", defaultValue);
    }

    private static JsonObjectBuilder value(String value) {
        return Json.createObjectBuilder().add("value", value);
    }

    private static String pretty(JsonObject json) {
        StringWriter out = new StringWriter();
        try (var writer = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(out)) {
            writer.write(json);
        }
        return out.toString();
    }
}
