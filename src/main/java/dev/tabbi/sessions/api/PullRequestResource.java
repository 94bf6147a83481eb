package dev.tabbi.sessions.api;

import dev.tabbi.keys.CurrentCaller;
import dev.tabbi.keys.DashboardMayCall;
import dev.tabbi.sessions.internal.SessionPullRequests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * (ext) {@code /v1/sessions/{id}/pull-request}: {@code POST} pushes the session's changes as a new branch and opens
 * a pull request on GitHub (201 with it); {@code GET} lists those opened from the session.
 */
@Path("/sessions/{id}/pull-request")
@DashboardMayCall
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class PullRequestResource {

    @Inject
    SessionPullRequests pullRequests;

    @Inject
    CurrentCaller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response open(@PathParam("id") String id, SessionPullRequests.Request body) {
        var opened = pullRequests.open(caller.get().userId(), SessionsResource.parse(id), body);
        return Response.status(201).entity(opened).build();
    }

    @GET
    public Map<String, List<SessionPullRequests.Opened>> list(@PathParam("id") String id) {
        return Map.of("pullRequests", pullRequests.of(caller.get().userId(), SessionsResource.parse(id)));
    }
}
