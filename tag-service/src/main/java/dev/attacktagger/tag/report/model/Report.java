package dev.attacktagger.tag.report.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A threat report of one organisation. {@link #version} grows by one with every change of it or its tags.
 *
 * <p>Updates name only the columns that changed: a change of the tags moves {@code version} and {@code updatedAt}
 * and should not send the text back to the database.
 */
@Entity
@DynamicUpdate
@Table(name = "reports")
public class Report extends PanacheEntityBase {

    @Id
    public UUID id;

    public String organisation;

    public String title;

    public String source;

    public String url;

    @Column(name = "published_at")
    public LocalDate publishedAt;

    @Column(name = "content_hash")
    public String contentHash;

    public String text;

    @Column(name = "text_length")
    public int textLength;

    public String language;

    @Convert(converter = JsonColumns.Indicators.class)
    @ColumnTransformer(read = "indicators::text", write = "?::text::jsonb")
    @Mutability(Immutability.class)
    public List<Indicator> indicators;

    @Convert(converter = JsonColumns.Entities.class)
    @ColumnTransformer(read = "entities::text", write = "?::text::jsonb")
    @Mutability(Immutability.class)
    public List<EntityRef> entities;

    public long version;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
