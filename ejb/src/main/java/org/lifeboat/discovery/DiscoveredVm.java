package org.lifeboat.discovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

/** A virtual machine as the last discovery of its vCenter found it. */
@Entity
@Table(name = "DISCOVERED_VM")
@NamedQuery(name = DiscoveredVm.ALL, query = "SELECT v FROM DiscoveredVm v ORDER BY v.name, v.id")
@NamedQuery(name = DiscoveredVm.OF_VCENTER, query = "SELECT v FROM DiscoveredVm v WHERE v.vcenter = :vcenter")
public class DiscoveredVm {

    static final String ALL = "DiscoveredVm.all";
    static final String OF_VCENTER = "DiscoveredVm.ofVcenter";

    @Id
    @Column(length = 36)
    private String id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "VCENTER_ID")
    private Vcenter vcenter;

    @Column(nullable = false, length = 255)
    private String name;

    @Column(nullable = false, length = 64)
    private String moref;

    @Column(length = 255)
    private String datacenter;

    @Column(length = 255)
    private String hostName;

    @Column(length = 36)
    private String biosUuid;

    @Column(length = 36)
    private String instanceUuid;

    @Column(length = 32)
    private String powerState;

    @Column(length = 255)
    private String guestOs;

    @Column(length = 255)
    private String guestHostname;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "DISCOVERED_VM_IP", joinColumns = @JoinColumn(name = "VM_ID"))
    @OrderColumn(name = "POSITION")
    @Column(name = "IP", length = 64)
    private List<String> ipAddresses = new ArrayList<>();

    private int cpus;

    private long memoryMiB;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "DISCOVERED_VM_DISK", joinColumns = @JoinColumn(name = "VM_ID"))
    @OrderColumn(name = "POSITION")
    private List<DiscoveredDisk> disks = new ArrayList<>();

    @Column(nullable = false)
    private Instant discoveredAt;

    protected DiscoveredVm() {
        // for JPA
    }

    DiscoveredVm(String id, Vcenter vcenter, Inventory.Vm vm, Instant discoveredAt) {
        this.id = id;
        this.vcenter = vcenter;
        this.name = vm.name();
        this.moref = vm.moref();
        this.datacenter = vm.datacenter();
        this.hostName = vm.host();
        this.biosUuid = vm.biosUuid();
        this.instanceUuid = vm.instanceUuid();
        this.powerState = vm.powerState();
        this.guestOs = vm.guestOs();
        this.guestHostname = vm.guestHostname();
        this.ipAddresses.addAll(vm.ipAddresses());
        this.cpus = vm.cpus();
        this.memoryMiB = vm.memoryMiB();
        vm.disks().forEach(d -> disks.add(new DiscoveredDisk(d.label(), d.capacityBytes(), d.backingFile())));
        this.discoveredAt = discoveredAt;
    }

    public String getId() {
        return id;
    }

    public Vcenter getVcenter() {
        return vcenter;
    }

    public String getName() {
        return name;
    }

    public String getMoref() {
        return moref;
    }

    public String getDatacenter() {
        return datacenter;
    }

    public String getHostName() {
        return hostName;
    }

    public String getBiosUuid() {
        return biosUuid;
    }

    public String getInstanceUuid() {
        return instanceUuid;
    }

    public String getPowerState() {
        return powerState;
    }

    public String getGuestOs() {
        return guestOs;
    }

    public String getGuestHostname() {
        return guestHostname;
    }

    public List<String> getIpAddresses() {
        return ipAddresses;
    }

    public int getCpus() {
        return cpus;
    }

    public long getMemoryMiB() {
        return memoryMiB;
    }

    public List<DiscoveredDisk> getDisks() {
        return disks;
    }

    public Instant getDiscoveredAt() {
        return discoveredAt;
    }
}
