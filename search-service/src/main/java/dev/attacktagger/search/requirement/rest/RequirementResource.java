package dev.attacktagger.search.requirement.rest;

import java.net.URI;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.attacktagger.search.common.Paging;
import dev.attacktagger.search.common.QueryParams;
import dev.attacktagger.search.requirement.model.Requirement;
import dev.attacktagger.search.requirement.model.RequirementMatches;
import dev.attacktagger.search.requirement.model.RequirementRequest;
import dev.attacktagger.search.requirement.service.RequirementService;
import dev.attacktagger.search.searching.rest.Organisations;

@Path("/api/v1/requirements")
@Produces(MediaType.APPLICATION_JSON)
public class RequirementResource {

    @Inject
    RequirementService requirements;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Save an intelligence requirement; the reports it already matches are recorded at once")
    @APIResponse(responseCode = "201", description = "Created; Location names it")
    @APIResponse(
            responseCode = "400",
            description = "name or query is missing, or the query cannot be read (position says where)")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    @APIResponse(responseCode = "503", description = "OpenSearch is unavailable")
    public Response create(@HeaderParam(Organisations.HEADER) String organisation, RequirementRequest request) {
        Requirement created = requirements.create(Organisations.of(organisation), request);
        return Response.created(URI.create("/api/v1/requirements/" + created.id()))
                .entity(created)
                .build();
    }

    @GET
    @Operation(summary = "The organisation's requirements, newest first")
    @APIResponse(responseCode = "200", description = "The requirements")
    @APIResponse(responseCode = "503", description = "OpenSearch is unavailable")
    public List<Requirement> list(@HeaderParam(Organisations.HEADER) String organisation) {
        return requirements.list(Organisations.of(organisation));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One requirement")
    @APIResponse(responseCode = "200", description = "The requirement")
    @APIResponse(responseCode = "404", description = "No such requirement")
    @APIResponse(responseCode = "503", description = "OpenSearch is unavailable")
    public Requirement get(@HeaderParam(Organisations.HEADER) String organisation, @PathParam("id") String id) {
        return requirements.get(Organisations.of(organisation), id);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a requirement and its matches")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such requirement")
    @APIResponse(responseCode = "503", description = "OpenSearch is unavailable")
    public Response delete(@HeaderParam(Organisations.HEADER) String organisation, @PathParam("id") String id) {
        requirements.delete(Organisations.of(organisation), id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/matches")
    @Operation(summary = "The reports that matched the requirement, newest match first")
    @APIResponse(responseCode = "200", description = "A page of matches")
    @APIResponse(
            responseCode = "400",
            description = "page or size is not a whole number in range, or the page lies beyond 10,000 results")
    @APIResponse(responseCode = "404", description = "No such requirement")
    @APIResponse(responseCode = "503", description = "OpenSearch is unavailable")
    public RequirementMatches matches(
            @HeaderParam(Organisations.HEADER) String organisation,
            @PathParam("id") String id,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        return requirements.matches(
                Organisations.of(organisation),
                id,
                QueryParams.integer("page", page, 0, 0, Integer.MAX_VALUE),
                QueryParams.integer("size", size, 20, 1, Paging.MAX_SIZE));
    }
}
