package dev.attacktagger.tag.attack.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An ATT&amp;CK tactic, a column of the matrix. */
@Entity
@Table(name = "attack_tactics")
public class AttackTactic extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "short_name")
    public String shortName;

    public String name;

    public int position;
}
