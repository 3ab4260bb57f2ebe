package dev.attacktagger.search.searching.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.attacktagger.search.common.Paging;
import dev.attacktagger.search.common.QueryParams;
import dev.attacktagger.search.searching.model.RelatedReports;
import dev.attacktagger.search.searching.model.SearchRequestBody;
import dev.attacktagger.search.searching.model.SearchResult;
import dev.attacktagger.search.searching.service.SearchService;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    @Inject
    SearchService search;

    @POST
    @Path("/search")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search reports with the query language; hits with their tags, and facets")
    @APIResponse(responseCode = "200", description = "A page of hits and facets over all matches")
    @APIResponse(
            responseCode = "400",
            description = "The query cannot be read (position says where), or page, size or sort is invalid")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    @APIResponse(responseCode = "503", description = "OpenSearch is unavailable")
    public SearchResult search(@HeaderParam(Organisations.HEADER) String organisation, SearchRequestBody request) {
        return search.search(Organisations.of(organisation), request);
    }

    @GET
    @Path("/reports/{id}/related")
    @Operation(summary = "Reports sharing techniques with this one, weighted by how rare each technique is")
    @APIResponse(responseCode = "200", description = "The related reports, most related first, with what they share")
    @APIResponse(responseCode = "400", description = "size is not a whole number from 1 to 100")
    @APIResponse(responseCode = "404", description = "No such report is indexed")
    @APIResponse(responseCode = "503", description = "OpenSearch is unavailable")
    public RelatedReports related(
            @HeaderParam(Organisations.HEADER) String organisation,
            @PathParam("id") String id,
            @QueryParam("size") String size) {
        return search.related(
                Organisations.of(organisation), id, QueryParams.integer("size", size, 10, 1, Paging.MAX_SIZE));
    }
}
