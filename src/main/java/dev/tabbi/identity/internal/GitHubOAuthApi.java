package dev.tabbi.identity.internal;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;

/** GitHub's OAuth token endpoint (its URL is the client's base URI, so GitHub Enterprise and fakes plug in). */
public interface GitHubOAuthApi {

    /** Exchanges an authorization code; GitHub answers 200 with either {@code access_token} or {@code error}. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    JsonObject exchange(Form form);
}
