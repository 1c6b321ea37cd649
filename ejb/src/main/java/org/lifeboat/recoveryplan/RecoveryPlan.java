package org.lifeboat.recoveryplan;

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

/** A stored recovery plan: its name and its definition, kept as the definition's JSON. */
@Entity
@Table(name = "RECOVERY_PLAN")
@NamedQuery(name = RecoveryPlan.ALL, query = "SELECT p FROM RecoveryPlan p ORDER BY p.name")
public class RecoveryPlan {

    static final String ALL = "RecoveryPlan.all";

    @Id
    @Column(length = 64)
    private String name;

    @Lob
    @Column(nullable = false)
    private String definition;

    @Column(nullable = false)
    private Instant updatedAt;

    protected RecoveryPlan() {
        // for JPA
    }

    RecoveryPlan(String name, PlanDefinition definition, Instant at) {
        this.name = name;
        define(definition, at);
    }

    void define(PlanDefinition plan, Instant at) {
        this.definition = plan.toJson().toString();
        this.updatedAt = at;
    }

    public String getName() {
        return name;
    }

    public PlanDefinition definition() {
        try (JsonReader reader = Json.createReader(new StringReader(definition))) {
            return PlanDefinition.stored(reader.readObject());
        }
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
