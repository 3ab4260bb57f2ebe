package dev.attacktagger.search.navigator.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.attacktagger.search.navigator.model.NavigatorLayer;
import dev.attacktagger.search.navigator.service.NavigatorLayerService;
import dev.attacktagger.search.searching.rest.Organisations;

@Path("/api/v1/navigator")
@Produces(MediaType.APPLICATION_JSON)
public class NavigatorResource {

    @Inject
    NavigatorLayerService layers;

    @GET
    @Path("/layer")
    @Operation(summary = "An ATT&CK Navigator layer (4.5) of the techniques of the reports a query matches")
    @APIResponse(responseCode = "200", description = "The layer")
    @APIResponse(
            responseCode = "400",
            description = "The query cannot be read (position says where), or name is longer than 200 characters")
    @APIResponse(responseCode = "503", description = "OpenSearch is unavailable")
    public NavigatorLayer layer(
            @HeaderParam(Organisations.HEADER) String organisation,
            @QueryParam("query") String query,
            @QueryParam("name") String name) {
        return layers.layer(Organisations.of(organisation), query, name);
    }
}
