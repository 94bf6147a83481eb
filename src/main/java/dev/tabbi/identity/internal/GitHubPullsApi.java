package dev.tabbi.identity.internal;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** GitHub's {@code POST /repos/{owner}/{repo}/pulls}, built for one repository's URL (no {@code @Path}, see {@link GitHubReadApi}). */
public interface GitHubPullsApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response open(@HeaderParam("Authorization") String authorization, @HeaderParam("Accept") String accept, JsonObject pull);
}
