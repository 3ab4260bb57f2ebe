package dev.attacktagger.tag.report.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One change of a report or its tags: what, from which value to which, who and when. Never updated or deleted. */
@Entity
@Table(name = "tag_history")
public class TagHistory extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "tag_history_seq")
    @SequenceGenerator(name = "tag_history_seq", sequenceName = "tag_history_seq", allocationSize = 50)
    public Long id;

    @Column(name = "report_id")
    public UUID reportId;

    /** The report's version that this change produced. */
    @Column(name = "report_version")
    public long reportVersion;

    @Column(name = "technique_id")
    public String techniqueId;

    @Enumerated(EnumType.STRING)
    public HistoryAction action;

    @Column(name = "old_value")
    public String oldValue;

    @Column(name = "new_value")
    public String newValue;

    public String actor;

    public Instant at;

    public static TagHistory of(String techniqueId, HistoryAction action, String oldValue, String newValue) {
        TagHistory row = new TagHistory();
        row.techniqueId = techniqueId;
        row.action = action;
        row.oldValue = oldValue;
        row.newValue = newValue;
        return row;
    }
}
