package dev.attacktagger.tag.attack.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One technique or sub-technique of the catalogue, as the last loaded ATT&amp;CK release describes it. */
@Entity
@Table(name = "attack_techniques")
public class AttackTechnique extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    /** Tactic short names in matrix order, comma separated. */
    public String tactics;

    @Column(name = "parent_id")
    public String parentId;

    @Column(name = "attack_version")
    public String attackVersion;

    @Enumerated(EnumType.STRING)
    public TechniqueState state;

    /** The active technique that replaces a revoked one, following revocation chains; null when none. */
    @Column(name = "replaced_by")
    public String replacedBy;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
