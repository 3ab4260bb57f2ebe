package dev.attacktagger.search.report.rest;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.attacktagger.search.common.QueryParams;
import dev.attacktagger.search.report.model.IndexResult;
import dev.attacktagger.search.report.model.ReportPayload;
import dev.attacktagger.search.report.service.ReportIndexingService;

/** Where tag-service's outbox puts reports (see docs/architecture.md), and a bulk path for loading many. */
@Path("/api/v1/index")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ReportIndexResource {

    @Inject
    ReportIndexingService indexing;

    @PUT
    @Path("/reports/{id}")
    @Operation(summary = "Index a version of a report (external versioning: an older version never wins)")
    @APIResponse(responseCode = "201", description = "The report was not indexed before")
    @APIResponse(
            responseCode = "200",
            description = "An older version was replaced, or this version was already indexed")
    @APIResponse(responseCode = "400", description = "The report breaks the contract")
    @APIResponse(responseCode = "409", description = "A newer version is indexed; this one was dropped")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    @APIResponse(responseCode = "503", description = "OpenSearch is unavailable")
    public Response put(@PathParam("id") String id, ReportPayload report) {
        IndexResult result = indexing.index(id, report);
        if (result.outcome() == IndexResult.Outcome.CREATED) {
            return Response.created(URI.create("/api/v1/index/reports/" + id))
                    .entity(result)
                    .build();
        }
        return Response.ok(result).build();
    }

    @DELETE
    @Path("/reports/{id}")
    @Operation(summary = "Remove a report from the index, with its requirement matches")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(
            responseCode = "400",
            description = "version is not a whole number of 0 or more, or the id is too long")
    @APIResponse(responseCode = "404", description = "No such report is indexed")
    @APIResponse(responseCode = "409", description = "A newer version than the deletion's is indexed")
    @APIResponse(responseCode = "503", description = "OpenSearch is unavailable")
    public Response delete(@PathParam("id") String id, @QueryParam("version") String version) {
        indexing.delete(id, QueryParams.naturalNumber("version", version));
        return Response.noContent().build();
    }
}
