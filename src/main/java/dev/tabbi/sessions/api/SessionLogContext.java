package dev.tabbi.sessions.api;

import dev.tabbi.platform.LogContext;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;
import java.util.UUID;

/**
 * Names the session a request to one of a session's routes concerns in the request's {@link LogContext}, so every
 * line logged for it, and its access line, carry {@code session_id=}. Only a well-formed id is named: what a
 * client writes in the path cannot forge a log field.
 */
@Provider
@Priority(Priorities.USER)
public class SessionLogContext implements ContainerRequestFilter {
    private static final Set<Class<?>> SESSION_ROUTES = Set.of(SessionsResource.class, MessagesResource.class,
            EventsResource.class, FilesResource.class, PullRequestResource.class);

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        String id = request.getUriInfo().getPathParameters().getFirst("id");
        if (id == null || resource.getResourceClass() == null || !SESSION_ROUTES.contains(resource.getResourceClass())) {
            return;
        }
        try {
            LogContext.attachSession(UUID.fromString(id).toString());
        } catch (IllegalArgumentException notAnId) {
            // the resource answers 404 for it
        }
    }
}
