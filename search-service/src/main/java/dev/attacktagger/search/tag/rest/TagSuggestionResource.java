package dev.attacktagger.search.tag.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.attacktagger.search.common.ProblemException;
import dev.attacktagger.search.common.QueryParams;
import dev.attacktagger.search.tag.model.TagSuggestion;
import dev.attacktagger.search.tag.service.TagSuggestionService;

@Path("/api/v1/tags")
@Produces(MediaType.APPLICATION_JSON)
public class TagSuggestionResource {

    @Inject
    TagSuggestionService suggestions;

    @GET
    @Path("/suggest")
    @Operation(summary = "Techniques for a search box, by id prefix or words of the name")
    @APIResponse(responseCode = "200", description = "The suggestions, best first")
    @APIResponse(responseCode = "400", description = "q is missing or limit is out of range")
    public List<TagSuggestion> suggest(@QueryParam("q") String q, @QueryParam("limit") String limit) {
        if (q == null || q.isBlank()) {
            throw ProblemException.invalid("q", "must not be blank");
        }
        return suggestions.suggest(q, QueryParams.integer("limit", limit, 10, 1, 100));
    }
}
