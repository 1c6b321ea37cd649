package org.lifeboat.discovery;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A virtual disk of a discovered VM: its label, size and backing file (e.g. "[datastore1] vm/vm.vmdk"). */
@Embeddable
public class DiscoveredDisk {

    @Column(length = 128)
    private String label;

    private long capacityBytes;

    @Column(length = 1024)
    private String backingFile;

    protected DiscoveredDisk() {
        // for JPA
    }

    public DiscoveredDisk(String label, long capacityBytes, String backingFile) {
        this.label = label;
        this.capacityBytes = capacityBytes;
        this.backingFile = backingFile;
    }

    public String getLabel() {
        return label;
    }

    public long getCapacityBytes() {
        return capacityBytes;
    }

    public String getBackingFile() {
        return backingFile;
    }
}
