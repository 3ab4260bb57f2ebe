package dev.attacktagger.search.report.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.attacktagger.search.report.model.BulkResult;
import dev.attacktagger.search.report.model.ReportPayload;
import dev.attacktagger.search.report.service.ReportIndexingService;

/**
 * Loads many reports at once. A class of its own: Quarkus REST does not match a method path that continues a segment
 * of a sibling's ({@code reports:bulk} beside {@code reports/{id}}), but it does match a class path.
 */
@Path("/api/v1/index/reports:bulk")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ReportBulkResource {

    @Inject
    ReportIndexingService indexing;

    @POST
    @Operation(summary = "Index many reports in one request (each with its own version)")
    @APIResponse(responseCode = "200", description = "What happened to the reports")
    @APIResponse(responseCode = "400", description = "A report breaks the contract; nothing was indexed")
    @APIResponse(responseCode = "413", description = "More than 5,000 reports")
    @APIResponse(responseCode = "503", description = "OpenSearch is unavailable")
    public BulkResult bulk(List<ReportPayload> reports) {
        return indexing.bulk(reports);
    }
}
