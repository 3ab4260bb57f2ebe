package dev.attacktagger.tag.attack.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One ATT&amp;CK release loaded into the catalogue; the newest row is the catalogue's version. */
@Entity
@Table(name = "attack_releases")
public class AttackRelease extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String version;

    public String bundle;

    public int techniques;

    @Column(name = "loaded_at")
    public Instant loadedAt;
}
