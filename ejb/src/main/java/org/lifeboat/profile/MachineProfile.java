package org.lifeboat.profile;

import java.io.StringReader;
import java.time.Instant;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A machine's latest churn profile: the report as uploaded (checked), and when. */
@Entity
@Table(name = "MACHINE_PROFILE")
@NamedQuery(name = MachineProfile.ALL, query = "SELECT p FROM MachineProfile p ORDER BY p.machine")
public class MachineProfile {

    static final String ALL = "MachineProfile.all";

    @Id
    @Column(length = 253)
    private String machine;

    @Lob
    @Column(nullable = false)
    private String report;

    @Column(nullable = false)
    private Instant uploadedAt;

    protected MachineProfile() {
        // for JPA
    }

    MachineProfile(MachineName machine, String report, Instant at) {
        this.machine = machine.value();
        replace(report, at);
    }

    /** A new profile of the same machine replaces the last one. */
    void replace(String checkedReport, Instant at) {
        this.report = checkedReport;
        this.uploadedAt = at;
    }

    public String getMachine() {
        return machine;
    }

    public Instant getUploadedAt() {
        return uploadedAt;
    }

    /** The report as stored; it was checked on upload. */
    public ChurnProfile profile() {
        try (JsonReader reader = Json.createReader(new StringReader(report))) {
            return ChurnProfile.parse(reader.readObject(), machine);
        }
    }
}
