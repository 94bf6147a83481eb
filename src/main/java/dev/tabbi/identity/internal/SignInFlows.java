package dev.tabbi.identity.internal;

import dev.tabbi.platform.SqlValues;
import dev.tabbi.identity.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * GitHub sign-ins under way, in PostgreSQL so that GitHub's redirect back may land on any node. Each flow is keyed
 * by its OAuth {@code state} (hashed) and bound to the browser that started it by the {@value #COOKIE} cookie
 * (hashed too): a callback carrying someone else's state is refused. The PKCE verifier is stored encrypted. The
 * callback takes a flow once; a browser has at most a few open, the oldest dropped first.
 */
@ApplicationScoped
public class SignInFlows {
    static final String COOKIE = "tabbi_signin";
    private static final int MAX_PER_BROWSER = 5;

    /** A flow this browser started and has not finished. */
    record Pending(String verifier, String returnTo, Instant startedAt) {
    }

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Inject
    Secrets secrets;

    @Inject
    IdentityConfiguration configuration;

    /** Remembers a new flow of this browser (giving it the binding cookie if it has none). */
    @Transactional
    public void start(HttpServletRequest request, HttpServletResponse response, String state, String verifier, String returnTo) {
        String browser = browser(request).orElseGet(() -> {
            String fresh = BrowserTokens.random();
            Cookie cookie = new Cookie(COOKIE, fresh);
            cookie.setHttpOnly(true);
            cookie.setSecure(configuration.secureCookies());
            cookie.setPath("/auth/github");
            cookie.setMaxAge((int) GitHubSignIn.STATE_LIFETIME.toSeconds());
            cookie.setAttribute("SameSite", "Lax"); // sent on GitHub's top-level redirect back
            response.addCookie(cookie);
            return fresh;
        });
        byte[] browserHash = BrowserTokens.hash(browser);
        entityManager.createNativeQuery("DELETE FROM sign_in_flows WHERE started_at < now() - make_interval(secs => ?1)")
                .setParameter(1, GitHubSignIn.STATE_LIFETIME.toSeconds()).executeUpdate();
        entityManager.createNativeQuery("DELETE FROM sign_in_flows WHERE browser_hash = ?1 AND state_hash IN (SELECT "
                        + "state_hash FROM sign_in_flows WHERE browser_hash = ?1 ORDER BY started_at DESC OFFSET ?2)")
                .setParameter(1, browserHash).setParameter(2, MAX_PER_BROWSER - 1).executeUpdate();
        entityManager.createNativeQuery("INSERT INTO sign_in_flows (state_hash, browser_hash, verifier, return_to) "
                        + "VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, BrowserTokens.hash(state)).setParameter(2, browserHash)
                .setParameter(3, secrets.seal(verifier, context(state))).setParameter(4, returnTo).executeUpdate();
    }

    /** The flow of this state, if this browser started it; it is gone afterwards (a state works once). */
    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<Pending> take(HttpServletRequest request, String state) {
        Optional<String> browser = browser(request);
        if (browser.isEmpty() || state.length() > 100) {
            return Optional.empty();
        }
        List<Object[]> rows = entityManager.createNativeQuery("DELETE FROM sign_in_flows WHERE state_hash = ?1 "
                        + "AND browser_hash = ?2 RETURNING verifier, return_to, started_at")
                .setParameter(1, BrowserTokens.hash(state)).setParameter(2, BrowserTokens.hash(browser.get()))
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        Optional<String> verifier = secrets.open((String) row[0], context(state));
        Instant startedAt = row[2] == null ? Instant.EPOCH : SqlValues.instant(row[2]);
        return verifier.map(plain -> new Pending(plain, (String) row[1], startedAt));
    }

    private static Optional<String> browser(HttpServletRequest request) {
        return BrowserTokens.fromCookie(request, COOKIE);
    }

    private static String context(String state) {
        return "sign-in-verifier:" + state;
    }
}
