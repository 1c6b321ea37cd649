package org.lifeboat.failover;

import java.util.Collection;
import java.util.regex.Pattern;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.lifeboat.shared.InvalidRequestException;

/**
 * What an item's failover creates in Azure: the VM's name and size, its network and subnet for a
 * failover and for a test failover, a static private IP, and which disk boots. Unset values are left to
 * the ARM deployment's parameters (name: the item's; size: mapped from the source's CPUs and memory).
 * Built only through {@link #validated}, so a stored value is always one Azure accepts.
 */
@Embeddable
public class FailoverSettings {

    /** Azure VM names: letters, digits and hyphens, not ending with one; room left for the "-test" suffix. */
    private static final Pattern VM_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,57}[A-Za-z0-9])?");
    private static final Pattern VM_SIZE = Pattern.compile("(Standard|Basic)_[A-Za-z0-9_]{1,40}");
    private static final Pattern NETWORK_ID = Pattern.compile("/subscriptions/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-"
            + "[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/resourceGroups/[-\\w.()]{1,90}/providers/"
            + "Microsoft\\.Network/virtualNetworks/[A-Za-z0-9][-\\w.]{0,63}", Pattern.CASE_INSENSITIVE);
    private static final String NETWORK_ID_RULE = "a virtual network's resource id: /subscriptions/{id}/"
            + "resourceGroups/{group}/providers/Microsoft.Network/virtualNetworks/{name}";
    private static final String SUBNET_RULE = "a subnet name of 1 to 80 letters, digits, '-', '_' or '.'";
    private static final Pattern SUBNET = Pattern.compile("[A-Za-z0-9][-\\w.]{0,79}");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d"
            + "|1\\d\\d|[1-9]?\\d)){3}");

    @Column(name = "FO_VM_NAME", length = 64)
    private String targetVmName;

    @Column(name = "FO_VM_SIZE", length = 64)
    private String vmSize;

    @Column(name = "FO_NETWORK_ID", length = 400)
    private String networkId;

    @Column(name = "FO_SUBNET", length = 80)
    private String subnet;

    @Column(name = "FO_TEST_NETWORK_ID", length = 400)
    private String testNetworkId;

    @Column(name = "FO_TEST_SUBNET", length = 80)
    private String testSubnet;

    @Column(name = "FO_STATIC_IP", length = 15)
    private String staticIp;

    @Column(name = "FO_BOOT_DISK", length = 36)
    private String bootDiskId;

    protected FailoverSettings() {
        // for JPA, and "nothing set"
    }

    /** No settings: every value is the deployment's default. */
    public static FailoverSettings none() {
        return new FailoverSettings();
    }

    /**
     * Settings as an operator gave them, each checked; blank means unset.
     *
     * @param diskIds the item's disks, one of which may be named the boot disk
     * @throws InvalidRequestException naming the first field Azure would refuse
     */
    public static FailoverSettings validated(String targetVmName, String vmSize, String networkId, String subnet,
                                             String testNetworkId, String testSubnet, String staticIp,
                                             String bootDiskId, Collection<String> diskIds) {
        FailoverSettings settings = new FailoverSettings();
        settings.targetVmName = check("targetVmName", targetVmName, VM_NAME, "1 to 59 letters, digits or hyphens, "
                + "starting and ending with a letter or digit");
        settings.vmSize = check("vmSize", vmSize, VM_SIZE, "an Azure VM size such as Standard_D2s_v5");
        settings.networkId = check("networkId", networkId, NETWORK_ID, NETWORK_ID_RULE);
        settings.subnet = check("subnet", subnet, SUBNET, SUBNET_RULE);
        settings.testNetworkId = check("testNetworkId", testNetworkId, NETWORK_ID, NETWORK_ID_RULE);
        settings.testSubnet = check("testSubnet", testSubnet, SUBNET, SUBNET_RULE);
        settings.staticIp = check("staticIp", staticIp, IPV4, "an IPv4 address such as 10.0.1.20");
        bothOrNeither("networkId", settings.networkId, "subnet", settings.subnet);
        bothOrNeither("testNetworkId", settings.testNetworkId, "testSubnet", settings.testSubnet);
        if (settings.staticIp != null && settings.networkId == null) {
            throw new InvalidRequestException("staticIp", "a static IP needs the network and subnet it belongs to "
                    + "(networkId, subnet)");
        }
        String boot = blankToNull(bootDiskId);
        if (boot != null && !diskIds.contains(boot)) {
            throw new InvalidRequestException("bootDiskId", "bootDiskId must be one of the item's disks: "
                    + String.join(", ", diskIds));
        }
        settings.bootDiskId = boot;
        return settings;
    }

    /** A subnet's resource id for a network given as the settings or a request spell it. */
    public static String subnetId(String networkId, String subnet) {
        return networkId == null || subnet == null ? null : networkId + "/subnets/" + subnet;
    }

    /** A test failover's network as a request gives it ({@code networkId}): the subnet is the test subnet. */
    public static String checkedNetworkId(String field, String value) {
        return check(field, value, NETWORK_ID, NETWORK_ID_RULE);
    }

    private static String check(String field, String value, Pattern pattern, String expected) {
        String given = blankToNull(value);
        if (given != null && !pattern.matcher(given).matches()) {
            throw new InvalidRequestException(field, field + " must be " + expected);
        }
        return given;
    }

    private static void bothOrNeither(String field, String value, String otherField, String other) {
        if ((value == null) != (other == null)) {
            String missing = value == null ? field : otherField;
            throw new InvalidRequestException(missing, field + " and " + otherField + " go together: give both or "
                    + "neither");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public String getTargetVmName() {
        return targetVmName;
    }

    public String getVmSize() {
        return vmSize;
    }

    public String getNetworkId() {
        return networkId;
    }

    public String getSubnet() {
        return subnet;
    }

    public String getTestNetworkId() {
        return testNetworkId;
    }

    public String getTestSubnet() {
        return testSubnet;
    }

    public String getStaticIp() {
        return staticIp;
    }

    public String getBootDiskId() {
        return bootDiskId;
    }

    /** A value: equal when every setting is (the vault catalog compares what it wrote with what it reads). */
    @Override
    public boolean equals(Object other) {
        return other instanceof FailoverSettings o && java.util.Arrays.equals(values(), o.values());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(values());
    }

    private String[] values() {
        return new String[]{targetVmName, vmSize, networkId, subnet, testNetworkId, testSubnet, staticIp, bootDiskId};
    }
}
