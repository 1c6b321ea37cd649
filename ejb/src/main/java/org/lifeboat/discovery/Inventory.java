package org.lifeboat.discovery;

import java.util.List;

/** What one discovery found in a vCenter, before it is stored. */
public record Inventory(List<String> datacenters, List<Host> hosts, List<Vm> vms) {

    public record Host(String datacenter, String name, String moref) {
    }

    public record Vm(String datacenter, String host, String name, String moref, String biosUuid, String instanceUuid,
                     String powerState, String guestOs, String guestHostname, List<String> ipAddresses, int cpus,
                     long memoryMiB, List<Disk> disks) {
    }

    public record Disk(String label, long capacityBytes, String backingFile) {
    }

    public String summary() {
        return datacenters.size() + " datacenter(s), " + hosts.size() + " host(s), " + vms.size() + " VM(s)";
    }
}
