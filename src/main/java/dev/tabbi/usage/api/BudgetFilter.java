package dev.tabbi.usage.api;

import dev.tabbi.keys.CurrentCaller;
import dev.tabbi.usage.internal.Budgets;
import dev.tabbi.sessions.SessionRoute;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;

/**
 * A message whose key's or user's budget is used up (or its session's) gets 402 {@code BUDGET_EXCEEDED} before any
 * turn starts, from a key or from the dashboard.
 */
@Provider
@SessionRoute.StartsTurn // bound to the route that starts a turn, whatever its URL
@Priority(Priorities.AUTHORIZATION)
public class BudgetFilter implements ContainerRequestFilter {

    @Inject
    Budgets budgets;

    @Inject
    CurrentCaller caller;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!caller.isAuthenticated()) {
            return;
        }
        String id = request.getUriInfo().getPathParameters().getFirst("id");
        try {
            budgets.checkNewTurn(caller.get().userId(), caller.get().keyId(), UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            // not a session id: the resource answers 404
        }
    }
}
