package dev.attacktagger.search.requirement.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;
import org.opensearch.client.opensearch._types.query_dsl.Query;

import dev.attacktagger.search.common.FieldError;
import dev.attacktagger.search.common.Paging;
import dev.attacktagger.search.common.ProblemException;
import dev.attacktagger.search.index.MatchIndex;
import dev.attacktagger.search.index.ReportQueries;
import dev.attacktagger.search.index.ReportSearchIndex;
import dev.attacktagger.search.index.RequirementIndex;
import dev.attacktagger.search.query.QueryParser;
import dev.attacktagger.search.requirement.model.Requirement;
import dev.attacktagger.search.requirement.model.RequirementMatch;
import dev.attacktagger.search.requirement.model.RequirementMatches;
import dev.attacktagger.search.requirement.model.RequirementRequest;

/**
 * Intelligence requirements: saved queries matched against every report as it is indexed (by the percolator), and once
 * against the reports already indexed when the requirement is created.
 */
@Singleton
public class RequirementService {

    private static final Logger LOG = Logger.getLogger(RequirementService.class);
    static final int MAX_NAME = 200;

    @Inject
    ReportQueries queries;

    @Inject
    RequirementIndex requirements;

    @Inject
    ReportSearchIndex reports;

    @Inject
    MatchIndex matches;

    /**
     * Creates a requirement and records the reports it already matches. The requirement is stored before the existing
     * reports are searched, so a report indexed meanwhile is matched by one path or the other (or both: a match is
     * recorded once per pair).
     */
    public Requirement create(String organisation, RequirementRequest request) {
        if (request == null) {
            throw ProblemException.invalid("body", "must be an object with name and query");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.name() == null || request.name().isBlank()) {
            errors.add(new FieldError("name", "must not be blank"));
        } else if (request.name().length() > MAX_NAME) {
            errors.add(new FieldError("name", "must be at most " + MAX_NAME + " characters"));
        }
        if (request.query() == null || request.query().isBlank()) {
            errors.add(new FieldError("query", "must not be blank"));
        } else if (request.query().length() > QueryParser.MAX_LENGTH) {
            errors.add(new FieldError("query", "must be at most " + QueryParser.MAX_LENGTH + " characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Query query = queries.compile("query", request.query());
        Requirement requirement = new Requirement(
                UUID.randomUUID().toString(),
                request.name().strip(),
                request.query().strip(),
                organisation,
                Instant.now().toString());
        requirements.store(requirement, query);
        String now = Instant.now().toString();
        List<RequirementMatch> existing = existingMatches(requirement, query).stream()
                .map(report -> new RequirementMatch(
                        requirement.id(),
                        report.id(),
                        organisation,
                        report.title(),
                        report.source(),
                        report.publishedAt(),
                        now,
                        report.version()))
                .toList();
        for (int from = 0; from < existing.size(); from += 1000) {
            matches.record(existing.subList(from, Math.min(existing.size(), from + 1000)));
        }
        LOG.debugf("requirement %s created; %d reports already match", requirement.id(), existing.size());
        return requirement;
    }

    /**
     * The reports already indexed that a new requirement matches. If OpenSearch refuses the query as the caller's
     * mistake, the requirement just stored is deleted again, so that a refused requirement is not kept.
     */
    private List<ReportSearchIndex.Matching> existingMatches(Requirement requirement, Query query) {
        try {
            return reports.allMatching(requirement.organisation(), query);
        } catch (ProblemException e) {
            requirements.delete(requirement.id());
            throw e;
        }
    }

    public List<Requirement> list(String organisation) {
        return requirements.list(organisation);
    }

    public Requirement get(String organisation, String id) {
        return requirements
                .get(id)
                .filter(requirement -> requirement.organisation().equals(organisation))
                .orElseThrow(() -> ProblemException.notFound("no requirement " + id));
    }

    public void delete(String organisation, String id) {
        get(organisation, id);
        requirements.delete(id);
        matches.forgetRequirement(id);
    }

    public RequirementMatches matches(String organisation, String id, int page, int size) {
        List<FieldError> errors = Paging.errors(page, size);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        get(organisation, id);
        return matches.page(id, page, size);
    }
}
