package dev.tabbi.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
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
    private static final String CSRF_TOKEN = "tabbi.csrfToken";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    SecurityContext security;

    @Inject
    Users users;

    @Inject
    HttpServletRequest request;

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

    /** The browser session's CSRF token, made on first use (null without a signed-in user). */
    public String csrfToken() {
        if (!isSignedIn()) {
            return null;
        }
        HttpSession session = request.getSession(true);
        String token = (String) session.getAttribute(CSRF_TOKEN);
        if (token == null) {
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            session.setAttribute(CSRF_TOKEN, token);
        }
        return token;
    }

    /** Whether {@code presented} is this browser session's CSRF token (compared in constant time). */
    public boolean csrfMatches(String presented) {
        HttpSession session = request.getSession(false);
        String token = session == null ? null : (String) session.getAttribute(CSRF_TOKEN);
        return token != null && presented != null && MessageDigest.isEqual(
                token.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }

    private static Optional<UUID> parse(String name) {
        try {
            return Optional.of(UUID.fromString(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
