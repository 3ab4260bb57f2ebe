package dev.attacktagger.tag.outbox.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A report changed and search-service must learn its new state; written in the same transaction as the change. */
@Entity
@Table(name = "outbox")
public class OutboxEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_seq")
    @SequenceGenerator(name = "outbox_seq", sequenceName = "outbox_seq", allocationSize = 50)
    public Long id;

    @Column(name = "report_id")
    public UUID reportId;

    @Column(name = "report_version")
    public long reportVersion;

    @Column(name = "created_at")
    public Instant createdAt;

    public static OutboxEntry of(UUID reportId, long version, Instant at) {
        OutboxEntry entry = new OutboxEntry();
        entry.reportId = reportId;
        entry.reportVersion = version;
        entry.createdAt = at;
        return entry;
    }
}
