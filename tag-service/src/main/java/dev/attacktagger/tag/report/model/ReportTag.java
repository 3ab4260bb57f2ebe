package dev.attacktagger.tag.report.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One ATT&amp;CK technique on one report: at most one row per report and technique. */
@Entity
@Table(name = "report_tags")
public class ReportTag extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "report_id")
    public UUID reportId;

    /** The report's organisation, copied so that listings by technique need only this table. */
    public String organisation;

    /** The report's creation time, copied for the same reason. */
    @Column(name = "report_created_at")
    public Instant reportCreatedAt;

    @Column(name = "technique_id")
    public String techniqueId;

    /** The parent technique, or the technique itself: what a listing by a parent technique matches. */
    @Column(name = "technique_root")
    public String techniqueRoot;

    @Enumerated(EnumType.STRING)
    public TagOrigin origin;

    @Column(name = "model_id")
    public String modelId;

    public Double confidence;

    @Convert(converter = JsonColumns.Evidences.class)
    @ColumnTransformer(read = "evidence::text", write = "?::text::jsonb")
    @Mutability(Immutability.class)
    public List<Evidence> evidence;

    @Enumerated(EnumType.STRING)
    public TagState state;

    /** {@code ACTIVE}, or {@code DEPRECATED} / {@code REVOKED} when an ATT&amp;CK upgrade flagged the technique. */
    @Column(name = "attack_status")
    public String attackStatus;

    public String note;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "reviewed_by")
    public String reviewedBy;

    @Column(name = "reviewed_at")
    public Instant reviewedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
