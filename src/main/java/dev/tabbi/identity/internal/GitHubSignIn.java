package dev.tabbi.identity.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The OAuth web flow with GitHub. {@link #start} remembers an unguessable {@code state} and a PKCE verifier for
 * this browser ({@link SignInFlows}, shared by every node) and sends the browser to GitHub; {@link #complete}
 * accepts the callback only for a state this browser started in the last ten minutes, once, then exchanges the code
 * with the verifier.
 */
@ApplicationScoped
public class GitHubSignIn {
    private static final Logger LOG = Logger.getLogger(GitHubSignIn.class.getName());
    static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
    static final String DEFAULT_SCOPES = "read:user user:email";
    static final String PRIVATE_REPO_SCOPES = DEFAULT_SCOPES + " repo";

    @Inject
    IdentityConfiguration configuration;

    @Inject
    GitHub gitHub;

    @Inject
    DefaultUsers users;

    @Inject
    SignInFlows flows;

    /** The GitHub authorize URL to send the browser to. {@code privateRepos} asks for the {@code repo} scope too. */
    String start(HttpServletRequest request, HttpServletResponse response, boolean privateRepos, String returnTo) {
        if (!configuration.gitHubConfigured()) {
            throw new SignInFailure(SignInFailure.Reason.NOT_CONFIGURED, "github.client-id/secret missing");
        }
        String state = BrowserTokens.random();
        String verifier = BrowserTokens.random();
        flows.start(request, response, state, verifier, ReturnTo.sanitize(returnTo, configuration.home()));
        return configuration.authorizeUrl() + "?" + query(Map.of(
                "client_id", configuration.clientId(),
                "redirect_uri", configuration.redirectUri().toString(),
                "scope", privateRepos ? PRIVATE_REPO_SCOPES : DEFAULT_SCOPES,
                "state", state,
                "code_challenge", challenge(verifier),
                "code_challenge_method", "S256",
                "allow_signup", "true"));
    }

    /** Handles GitHub's redirect back; returns the signed-in user's id and where to go next. */
    Completed complete(HttpServletRequest request) {
        String error = request.getParameter("error");
        String state = request.getParameter("state");
        SignInFlows.Pending pending = state == null ? null : flows.take(request, state).orElse(null);
        if (pending == null) {
            throw new SignInFailure(SignInFailure.Reason.BAD_STATE, "unknown, reused or missing state");
        }
        if (pending.startedAt().plus(STATE_LIFETIME).isBefore(Instant.now())) {
            throw new SignInFailure(SignInFailure.Reason.EXPIRED, "state older than " + STATE_LIFETIME);
        }
        if (error != null) {
            throw new SignInFailure("access_denied".equals(error) ? SignInFailure.Reason.DENIED
                    : SignInFailure.Reason.GITHUB_REFUSED, "authorize error " + clip(error));
        }
        String code = request.getParameter("code");
        if (code == null || code.isBlank() || code.length() > 200) {
            throw new SignInFailure(SignInFailure.Reason.GITHUB_REFUSED, "no code in callback");
        }
        try {
            GitHub.Grant grant = gitHub.exchange(code, pending.verifier());
            GitHubProfile profile = gitHub.profile(grant.accessToken());
            return new Completed(users.signIn(profile, grant.accessToken(), grant.scopes()), pending.returnTo());
        } catch (GitHub.Refused e) {
            throw new SignInFailure(SignInFailure.Reason.GITHUB_REFUSED, "token endpoint said " + clip(e.getMessage()));
        } catch (SignInFailure e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warning("identity.github_unavailable error=\"" + e.getClass().getSimpleName() + "\"");
            throw new SignInFailure(SignInFailure.Reason.GITHUB_DOWN, e.getClass().getSimpleName());
        }
    }

    record Completed(UUID userId, String returnTo) {
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String query(Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        new java.util.TreeMap<>(parameters).forEach((name, value) -> query.append(query.length() == 0 ? "" : "&")
                .append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return query.toString();
    }

    private static String clip(String text) {
        String safe = text == null ? "" : text.replaceAll("[^A-Za-z0-9_.-]", "?");
        return safe.length() > 60 ? safe.substring(0, 60) : safe;
    }
}
