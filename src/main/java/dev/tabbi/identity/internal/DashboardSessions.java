package dev.tabbi.identity.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Signed-in browsers, in PostgreSQL so that every node knows them: the {@value #COOKIE} cookie carries a random
 * value whose hash keys a row with the user, the browser's CSRF token and when it signed in and was last seen.
 * A session ends when it sat idle for the configured minutes, when its absolute lifetime is over, or at sign-out
 * (the row is deleted: the cookie is worthless on every node at once). Last-seen is written at most once a minute.
 */
@ApplicationScoped
public class DashboardSessions {
    static final String COOKIE = "tabbi_session";

    /** A signed-in browser as the row has it. */
    public record Signed(UUID userId, String csrfToken) {
    }

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Inject
    IdentityConfiguration configuration;

    /** Signs the browser in as {@code userId}: a new session (any previous one of this browser ends). */
    @Transactional
    public void start(HttpServletRequest request, HttpServletResponse response, UUID userId) {
        cookieValue(request).ifPresent(this::end);
        String value = BrowserTokens.random();
        entityManager.createNativeQuery("INSERT INTO dashboard_sessions (id_hash, user_id, csrf_token) "
                        + "VALUES (?1, CAST(?2 AS uuid), ?3)")
                .setParameter(1, BrowserTokens.hash(value)).setParameter(2, userId.toString())
                .setParameter(3, BrowserTokens.random())
                .executeUpdate();
        response.addCookie(cookie(value, -1));
        request.setAttribute(COOKIE, value); // this request's later steps see the new session
    }

    /** The browser's live session, if its cookie names one; an expired one is deleted on the way. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<Signed> find(HttpServletRequest request) {
        Optional<String> value = cookieValue(request);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        byte[] id = BrowserTokens.hash(value.get());
        List<Object[]> rows = entityManager.createNativeQuery("SELECT CAST(user_id AS text), csrf_token, "
                        + "(signed_in_at < now() - make_interval(hours => ?2) "
                        + "OR last_seen_at < now() - make_interval(mins => ?3)) AS expired, "
                        + "last_seen_at < now() - interval '1 minute' AS stale FROM dashboard_sessions WHERE id_hash = ?1")
                .setParameter(1, id).setParameter(2, (int) configuration.sessionMaxLifetime().toHours())
                .setParameter(3, configuration.sessionIdleMinutes()).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        if (Boolean.TRUE.equals(row[2])) {
            end(value.get());
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(row[3])) {
            entityManager.createNativeQuery("UPDATE dashboard_sessions SET last_seen_at = now() WHERE id_hash = ?1")
                    .setParameter(1, id).executeUpdate();
        }
        return Optional.of(new Signed(UUID.fromString((String) row[0]), (String) row[1]));
    }

    /** Signs the browser out, on every node, and clears its cookie. */
    @Transactional
    public void signOut(HttpServletRequest request, HttpServletResponse response) {
        cookieValue(request).ifPresent(this::end);
        response.addCookie(cookie("", 0));
    }

    /** Drops sessions that can no longer be used (called by the upkeep). */
    @Transactional
    public int purgeExpired() {
        return entityManager.createNativeQuery("DELETE FROM dashboard_sessions WHERE "
                        + "signed_in_at < now() - make_interval(hours => ?1) OR last_seen_at < now() - make_interval(mins => ?2)")
                .setParameter(1, (int) configuration.sessionMaxLifetime().toHours())
                .setParameter(2, configuration.sessionIdleMinutes()).executeUpdate();
    }

    private void end(String value) {
        entityManager.createNativeQuery("DELETE FROM dashboard_sessions WHERE id_hash = ?1")
                .setParameter(1, BrowserTokens.hash(value)).executeUpdate();
    }

    private static Optional<String> cookieValue(HttpServletRequest request) {
        Object fresh = request.getAttribute(COOKIE);
        if (fresh instanceof String value) {
            return Optional.of(value);
        }
        return BrowserTokens.fromCookie(request, COOKIE);
    }

    private Cookie cookie(String value, int maxAge) {
        Cookie cookie = new Cookie(COOKIE, value);
        cookie.setHttpOnly(true);
        cookie.setSecure(configuration.secureCookies());
        cookie.setPath("/");
        cookie.setMaxAge(maxAge);
        cookie.setAttribute("SameSite", "Lax");
        return cookie;
    }
}
