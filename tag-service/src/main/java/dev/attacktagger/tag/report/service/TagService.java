package dev.attacktagger.tag.report.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import dev.attacktagger.kb.AttackIds;
import dev.attacktagger.tag.attack.model.CatalogueEntry;
import dev.attacktagger.tag.attack.service.TechniqueCatalogue;
import dev.attacktagger.tag.common.Caller;
import dev.attacktagger.tag.common.Problem;
import dev.attacktagger.tag.common.ProblemException;
import dev.attacktagger.tag.report.model.Evidence;
import dev.attacktagger.tag.report.model.HistoryAction;
import dev.attacktagger.tag.report.model.NewUserTag;
import dev.attacktagger.tag.report.model.Report;
import dev.attacktagger.tag.report.model.ReportTag;
import dev.attacktagger.tag.report.model.ReportWithTags;
import dev.attacktagger.tag.report.model.SystemTags;
import dev.attacktagger.tag.report.model.TagHistory;
import dev.attacktagger.tag.report.model.TagOrigin;
import dev.attacktagger.tag.report.model.TagState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The review rules for a report's tags.
 *
 * <p>A report holds at most one tag per technique. The classifier's proposals ({@code SYSTEM}) are replaced per
 * model run; an analyst's decision outlives every later run: a rejected technique stays rejected, a confirmed one
 * stays confirmed and an analyst's own ({@code USER}) tag is never touched by the classifier. Every change locks the
 * report row, so concurrent changes of one report are applied one after the other and each gets its own version.
 */
@ApplicationScoped
public class TagService {

    private static final Logger LOG = Logger.getLogger(TagService.class);

    @Inject
    TechniqueCatalogue catalogue;

    @Inject
    ReportChanges changes;

    /** The outcome of a change: the report as it is now, and whether the request changed anything. */
    public record Outcome(ReportWithTags report, boolean changed, boolean created) {}

    /**
     * One model run's proposals, their technique ids resolved against the catalogue: one proposal per canonical id.
     */
    public record ModelRun(String modelId, Map<String, SystemTags.Proposal> proposals) {}

    /**
     * Resolves the technique ids of a model run, before any transaction starts.
     *
     * @param field where the run sits in the request body, for the fields of errors: {@code ""} when it is the whole
     *     body, {@code "systemTags."} inside a new report
     * @throws ProblemException 422 naming every technique id that is malformed, unknown, deprecated or revoked without
     *     replacement
     */
    public ModelRun resolve(SystemTags request, String field) {
        Map<String, String> written = new LinkedHashMap<>();
        for (int i = 0; i < request.tags().size(); i++) {
            written.put(
                    field + "tags[" + i + "].techniqueId", request.tags().get(i).techniqueId());
        }
        Map<String, CatalogueEntry> resolved = catalogue.resolveAll(written);
        // Two written forms of one technique (or a revoked id beside its replacement) count once, at the higher
        // confidence.
        Map<String, SystemTags.Proposal> proposals = new LinkedHashMap<>();
        for (int i = 0; i < request.tags().size(); i++) {
            SystemTags.Proposal proposal = request.tags().get(i);
            String id = resolved.get(field + "tags[" + i + "].techniqueId").id();
            proposals.merge(id, proposal, (a, b) -> b.confidence() > a.confidence() ? b : a);
        }
        return new ModelRun(request.modelId(), proposals);
    }

    /**
     * Replaces the classifier's proposals with those of one model run. The same body twice changes nothing the second
     * time: no history, no new version.
     */
    public Uni<Outcome> replaceSystemTags(Caller caller, UUID reportId, SystemTags request) {
        ModelRun run = resolve(request, "");
        return change(caller, reportId, (report, tags, now) -> {
            checkEvidence(request, report.textLength, "");
            return applyRun(run, caller, report, tags, now);
        });
    }

    /**
     * Checks that every piece of evidence of a run is a passage of the report's text, whose offsets are UTF-16 code
     * units with {@code end} exclusive ({@link Evidence}).
     *
     * @param field where the run sits in the request body, as for {@link #resolve}
     * @throws ProblemException 400 naming every {@code end} past the text and every {@code start} after its end
     */
    public static void checkEvidence(SystemTags request, int textLength, String field) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < request.tags().size(); i++) {
            List<Evidence> evidence = request.tags().get(i).evidence();
            for (int j = 0; evidence != null && j < evidence.size(); j++) {
                Evidence passage = evidence.get(j);
                String at = field + "tags[" + i + "].evidence[" + j + "].";
                if (passage.end() > textLength) {
                    errors.add(new Problem.FieldError(
                            at + "end", "must be at most the length of the report's text, " + textLength));
                }
                if (passage.start() > passage.end()) {
                    errors.add(new Problem.FieldError(at + "start", "must be at most end, " + passage.end()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors);
        }
    }

    /**
     * What a model run does to a report's tags (the review rules), applied to {@code tags} in place. A new report,
     * with no tags yet, only gets proposals.
     */
    static Plan applyRun(ModelRun run, Caller caller, Report report, List<ReportTag> tags, Instant now) {
        List<TagHistory> history = new ArrayList<>();
        List<Object> toPersist = new ArrayList<>();
        List<ReportTag> toDelete = new ArrayList<>();
        Map<String, ReportTag> byTechnique = new LinkedHashMap<>();
        tags.forEach(tag -> byTechnique.put(tag.techniqueId, tag));
        run.proposals().forEach((id, proposal) -> {
            ReportTag tag = byTechnique.get(id);
            List<Evidence> evidence = proposal.evidence() == null ? List.of() : List.copyOf(proposal.evidence());
            if (tag == null) {
                tag = newTag(report, id, TagOrigin.SYSTEM, TagState.PROPOSED, caller.user(), now);
                tag.modelId = run.modelId();
                tag.confidence = proposal.confidence();
                tag.evidence = evidence;
                toPersist.add(tag);
                tags.add(tag);
                history.add(TagHistory.of(id, HistoryAction.TAG_PROPOSED, null, describe(tag)));
            } else if (tag.origin == TagOrigin.SYSTEM) {
                boolean same = Objects.equals(tag.modelId, run.modelId())
                        && Objects.equals(tag.confidence, proposal.confidence())
                        && Objects.equals(tag.evidence, evidence);
                if (!same) {
                    String before = describe(tag);
                    tag.modelId = run.modelId();
                    tag.confidence = proposal.confidence();
                    tag.evidence = evidence;
                    tag.updatedAt = now;
                    history.add(TagHistory.of(id, HistoryAction.TAG_UPDATED, before, describe(tag)));
                }
            }
            // An analyst's own tag stays as the analyst left it.
        });
        for (ReportTag tag : List.copyOf(tags)) {
            if (tag.origin == TagOrigin.SYSTEM
                    && tag.state == TagState.PROPOSED
                    && !run.proposals().containsKey(tag.techniqueId)) {
                toDelete.add(tag);
                tags.remove(tag);
                history.add(TagHistory.of(tag.techniqueId, HistoryAction.TAG_REMOVED, describe(tag), null));
            }
        }
        return new Plan(history, toPersist, toDelete, false);
    }

    /**
     * An analyst tags a technique: a new {@code USER} tag in state {@code CONFIRMED}, or the confirmation of the
     * classifier's tag on the same technique.
     */
    public Uni<Outcome> addUserTag(Caller caller, UUID reportId, NewUserTag request) {
        CatalogueEntry entry = catalogue.resolveForTagging(request.techniqueId(), "techniqueId");
        return change(caller, reportId, (report, tags, now) -> {
            ReportTag tag = tags.stream()
                    .filter(t -> t.techniqueId.equals(entry.id()))
                    .findFirst()
                    .orElse(null);
            if (tag == null) {
                tag = newTag(report, entry.id(), TagOrigin.USER, TagState.CONFIRMED, caller.user(), now);
                tag.note = request.note();
                tag.reviewedBy = caller.user();
                tag.reviewedAt = now;
                tags.add(tag);
                return new Plan(
                        List.of(TagHistory.of(entry.id(), HistoryAction.TAG_ADDED, null, describe(tag))),
                        List.of(tag),
                        List.of(),
                        true);
            }
            List<TagHistory> history = new ArrayList<>();
            confirm(tag, caller, now, history);
            if (request.note() != null && !request.note().equals(tag.note)) {
                tag.note = request.note();
                tag.updatedAt = now;
                if (history.isEmpty()) {
                    history.add(TagHistory.of(entry.id(), HistoryAction.TAG_CONFIRMED, "note", request.note()));
                }
            }
            return new Plan(history, List.of(), List.of(), false);
        });
    }

    /** An analyst confirms a tag the report has. */
    public Uni<Outcome> confirm(Caller caller, UUID reportId, String techniqueId) {
        String id = catalogue.canonicalForLookup(techniqueId, "techniqueId");
        return change(caller, reportId, (report, tags, now) -> {
            ReportTag tag = existing(reportId, tags, id);
            List<TagHistory> history = new ArrayList<>();
            confirm(tag, caller, now, history);
            return new Plan(history, List.of(), List.of(), false);
        });
    }

    /** An analyst rejects the classifier's tag (it stays, as {@code REJECTED}) or takes back an analyst's tag. */
    public Uni<Outcome> reject(Caller caller, UUID reportId, String techniqueId) {
        String id = catalogue.canonicalForLookup(techniqueId, "techniqueId");
        return change(caller, reportId, (report, tags, now) -> {
            ReportTag tag = existing(reportId, tags, id);
            if (tag.origin == TagOrigin.USER) {
                tags.remove(tag);
                return new Plan(
                        List.of(TagHistory.of(id, HistoryAction.TAG_REMOVED, describe(tag), null)),
                        List.of(),
                        List.of(tag),
                        false);
            }
            if (tag.state == TagState.REJECTED) {
                return new Plan(List.of(), List.of(), List.of(), false);
            }
            String before = tag.state.name();
            tag.state = TagState.REJECTED;
            tag.reviewedBy = caller.user();
            tag.reviewedAt = now;
            tag.updatedAt = now;
            return new Plan(
                    List.of(TagHistory.of(id, HistoryAction.TAG_REJECTED, before, TagState.REJECTED.name())),
                    List.of(),
                    List.of(),
                    false);
        });
    }

    /** The canonical id a report's tag on a written technique id carries; see {@link TechniqueCatalogue}. */
    public String canonicalForLookup(String written) {
        return catalogue.canonicalForLookup(written, "techniqueId");
    }

    private static void confirm(ReportTag tag, Caller caller, Instant now, List<TagHistory> history) {
        if (tag.state == TagState.CONFIRMED) {
            return;
        }
        String before = tag.state.name();
        tag.state = TagState.CONFIRMED;
        tag.reviewedBy = caller.user();
        tag.reviewedAt = now;
        tag.updatedAt = now;
        history.add(TagHistory.of(tag.techniqueId, HistoryAction.TAG_CONFIRMED, before, TagState.CONFIRMED.name()));
    }

    private static ReportTag existing(UUID reportId, List<ReportTag> tags, String id) {
        return tags.stream()
                .filter(t -> t.techniqueId.equals(id))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("report " + reportId + " has no tag " + id));
    }

    private static ReportTag newTag(
            Report report, String techniqueId, TagOrigin origin, TagState state, String user, Instant now) {
        ReportTag tag = new ReportTag();
        tag.id = UUID.randomUUID();
        tag.reportId = report.id;
        tag.organisation = report.organisation;
        tag.reportCreatedAt = report.createdAt;
        tag.techniqueId = techniqueId;
        tag.techniqueRoot = AttackIds.parentOf(techniqueId);
        tag.origin = origin;
        tag.state = state;
        tag.attackStatus = "ACTIVE";
        tag.evidence = List.of();
        tag.createdBy = user;
        tag.createdAt = now;
        tag.updatedAt = now;
        return tag;
    }

    /** A tag in one line for the history: state, origin, confidence and model. */
    static String describe(ReportTag tag) {
        StringBuilder text = new StringBuilder(tag.state.name()).append(' ').append(tag.origin.name());
        if (tag.confidence != null) {
            text.append(" confidence ").append(confidence(tag.confidence));
        }
        if (tag.modelId != null) {
            text.append(" model ").append(tag.modelId);
        }
        if (tag.evidence != null && !tag.evidence.isEmpty()) {
            text.append(" evidence ").append(tag.evidence.size());
        }
        return text.toString();
    }

    /**
     * A confidence with four decimals, as {@code String.format(Locale.ROOT, "%.4f", value)} writes it (rounding the
     * shortest decimal form half up) at a fraction of its cost: every proposal's history row carries one.
     */
    static String confidence(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).toPlainString();
    }

    /** What one request does to the report's tags, decided on the locked report and its current tags. */
    record Plan(List<TagHistory> history, List<Object> persist, List<ReportTag> delete, boolean created) {}

    @FunctionalInterface
    private interface Rule {
        Plan apply(Report report, List<ReportTag> tags, Instant now);
    }

    private Uni<Outcome> change(Caller caller, UUID reportId, Rule rule) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> Report.<Report>findById(reportId, LockModeType.PESSIMISTIC_WRITE)
                .map(report -> ReportService.owned(caller, reportId, report))
                .chain(report -> ReportTag.<ReportTag>list("reportId = ?1", reportId)
                        .chain(loaded -> {
                            List<ReportTag> tags = new ArrayList<>(loaded);
                            Plan plan = rule.apply(report, tags, now);
                            tags.sort(Comparator.comparing(t -> t.techniqueId));
                            ReportWithTags result = new ReportWithTags(report, tags);
                            if (plan.history().isEmpty()) {
                                return Uni.createFrom().item(new Outcome(result, false, false));
                            }
                            LOG.debugf(
                                    "report %s: %d tag changes by %s",
                                    reportId, plan.history().size(), caller.user());
                            return Panache.getSession()
                                    .chain(session -> plan.delete().isEmpty()
                                            ? Uni.createFrom().voidItem()
                                            : session.removeAll(plan.delete().toArray()))
                                    .chain(() -> plan.persist().isEmpty()
                                            ? Uni.createFrom().voidItem()
                                            : Panache.getSession()
                                                    .chain(session -> session.persistAll(
                                                            plan.persist().toArray())))
                                    .chain(() -> changes.record(report, plan.history(), caller.user(), now))
                                    .replaceWith(new Outcome(result, true, plan.created()));
                        })));
    }
}
