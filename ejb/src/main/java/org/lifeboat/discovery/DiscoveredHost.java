package org.lifeboat.discovery;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** An ESXi host as the last discovery of its vCenter found it. */
@Entity
@Table(name = "DISCOVERED_HOST")
@NamedQuery(name = DiscoveredHost.OF_VCENTER,
        query = "SELECT h FROM DiscoveredHost h WHERE h.vcenter = :vcenter ORDER BY h.datacenter, h.name")
public class DiscoveredHost {

    static final String OF_VCENTER = "DiscoveredHost.ofVcenter";

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

    protected DiscoveredHost() {
        // for JPA
    }

    DiscoveredHost(String id, Vcenter vcenter, Inventory.Host host) {
        this.id = id;
        this.vcenter = vcenter;
        this.name = host.name();
        this.moref = host.moref();
        this.datacenter = host.datacenter();
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
}
