package dev.tabbi.identity.internal;

import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** GitHub's {@code GET /user/repos}, built for that URL (no {@code @Path}, see {@link GitHubReadApi}). */
public interface GitHubRepositoriesApi {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    JsonValue list(@HeaderParam("Authorization") String authorization, @QueryParam("sort") String sort,
            @QueryParam("per_page") int perPage, @QueryParam("page") int page);
}
