package dev.attacktagger.ingest.jobs.rest;

import java.util.UUID;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.attacktagger.ingest.common.rest.ApiException;
import dev.attacktagger.ingest.common.rest.Problem;
import dev.attacktagger.ingest.jobs.service.JobService;

@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobService jobs;

    JobResource(JobService jobs) {
        this.jobs = jobs;
    }

    @GET
    @Path("/{id}")
    @Operation(
            summary = "A job: queued, extracting, classifying, storing, then done (with its report and tags) or"
                    + " failed (with the reason)")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(
            responseCode = "404",
            description = "No such job in this organisation",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public JobView get(
            @PathParam("id") String id, @HeaderParam("X-Organisation") @DefaultValue("default") String organisation) {
        UUID uuid = parse(id);
        return jobs.find(uuid, organisation)
                .map(JobView::of)
                .orElseThrow(() -> ApiException.notFound("no job with id " + id));
    }

    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no job with id " + id);
        }
    }
}
