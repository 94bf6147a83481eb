package dev.tabbi.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.tabbi.identity.internal.DashboardAuthentication;
import dev.tabbi.identity.internal.DashboardSessions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Optional;
import java.util.UUID;

/**
 * The dashboard user of the current request, for the web beans of every module. The caller principal's name is
 * the user id; a page that needs a user is protected, so {@link #id()} is safe to call there. The browser session
 * also holds a CSRF token: the dashboard's scripts send it with every change they ask of the API.
 */
@RequestScoped
public class SignedInUser {

    @Inject
    SecurityContext security;

    @Inject
    Users users;

    @Inject
    HttpServletRequest request;

    @Inject
    DashboardSessions dashboardSessions;

    private Optional<User> user;

    public Optional<User> current() {
        if (user == null) {
            Principal principal = security.getCallerPrincipal();
            user = principal == null ? Optional.empty() : parse(principal.getName()).flatMap(users::find);
        }
        return user;
    }

    public boolean isSignedIn() {
        return current().isPresent();
    }

    /** The signed-in user's id; fails on a page that forgot to require sign-in. */
    public UUID id() {
        return current().orElseThrow(() -> new IllegalStateException("no signed-in user")).id();
    }

    /** The CSRF token of the browser's dashboard session (null without a signed-in user). */
    public String csrfToken() {
        return isSignedIn() ? signed().map(DashboardSessions.Signed::csrfToken).orElse(null) : null;
    }

    /** Whether {@code presented} is the CSRF token of the browser's dashboard session (constant-time compare). */
    public boolean csrfMatches(String presented) {
        String token = signed().map(DashboardSessions.Signed::csrfToken).orElse(null);
        return token != null && presented != null && MessageDigest.isEqual(
                token.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** Signs the browser out on every node (its dashboard session is deleted) and clears its cookie. */
    public void signOut(HttpServletResponse response) {
        dashboardSessions.signOut(request, response);
    }

    /** The dashboard session the authentication mechanism found for this request. */
    private Optional<DashboardSessions.Signed> signed() {
        return request.getAttribute(DashboardAuthentication.SIGNED) instanceof DashboardSessions.Signed found
                ? Optional.of(found) : Optional.empty();
    }

    private static Optional<UUID> parse(String name) {
        try {
            return Optional.of(UUID.fromString(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
