package dev.tabbi.identity.internal;

import dev.tabbi.identity.GitHubPullRequests;
import dev.tabbi.identity.Users;
import dev.tabbi.platform.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * Opens pull requests through GitHub's REST API with the user's token: a timeout on every call, a breaker that
 * stops calling a GitHub that keeps failing, and no retry (a repeated POST could open a second pull request).
 */
@ApplicationScoped
public class GitHubPulls implements GitHubPullRequests {
    private static final Logger LOG = Logger.getLogger(GitHubPulls.class.getName());

    @Inject
    IdentityConfiguration configuration;

    @Inject
    Users users;

    @Inject
    GitHubPulls self;

    @Override
    public PullRequest open(UUID userId, Proposal proposal) {
        requireWriteAccess(userId);
        String token = users.githubToken(userId).orElseThrow(GitHubPulls::scopeMissing);
        try {
            return self.post(token, proposal);
        } catch (CircuitBreakerOpenException | GitHubDown | org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException e) {
            LOG.warning("identity.github_unavailable repository=" + proposal.repository() + " error=\"" + e.getClass().getSimpleName() + "\"");
            throw unavailable();
        }
    }

    @Override
    public void requireWriteAccess(UUID userId) {
        if (!users.find(userId).map(user -> user.canReadPrivateRepositories()).orElse(false) || users.githubToken(userId).isEmpty()) {
            throw scopeMissing();
        }
    }

    /** The call itself; what GitHub says no to is the user's to fix and does not count against the breaker. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 1.0, delay = 30, delayUnit = ChronoUnit.SECONDS,
            skipOn = Refusal.class)
    public PullRequest post(String token, Proposal proposal) {
        long timeout = configuration.timeout().toMillis();
        GitHubPullsApi api = RestClientBuilder.newBuilder()
                .baseUri(configuration.apiUrl().resolve("repos/" + proposal.repository() + "/pulls"))
                .connectTimeout(timeout, TimeUnit.MILLISECONDS).readTimeout(timeout, TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true).build(GitHubPullsApi.class);
        JsonObject request = Json.createObjectBuilder().add("title", proposal.title()).add("body", proposal.body())
                .add("head", proposal.head()).add("base", proposal.base()).add("draft", proposal.draft()).build();
        try (Response answer = api.open("Bearer " + token, "application/vnd.github+json", request)) {
            int status = answer.getStatus();
            if (status == 201) {
                return GitHubReplies.pull(answer.readEntity(JsonValue.class), proposal.head(), proposal.base(), proposal.draft());
            }
            String message = status / 100 == 4 ? gitHubMessage(answer) : "";
            LOG.warning("identity.pull_request_refused repository=" + proposal.repository() + " status=" + status);
            throw switch (status) {
                case 401, 403, 404 -> new Refusal(Refusal.Reason.FORBIDDEN, "GITHUB_PERMISSION_DENIED", "GitHub did not let "
                        + "your account open a pull request on " + proposal.repository() + " (HTTP " + status + ")");
                case 422 -> message.contains("already exists")
                        ? new Refusal(Refusal.Reason.CONFLICT, "PULL_REQUEST_EXISTS", "A pull request from "
                                + proposal.head() + " is open already")
                        : new Refusal(Refusal.Reason.INVALID, "PULL_REQUEST_REJECTED", "GitHub rejected the pull request: "
                                + clip(message));
                default -> status / 100 == 4
                        ? new Refusal(Refusal.Reason.INVALID, "PULL_REQUEST_REJECTED", "GitHub rejected the pull request (HTTP "
                                + status + ")")
                        : new GitHubDown("HTTP " + status);
            };
        } catch (ProcessingException | GitHubReplies.Unreadable e) {
            throw new GitHubDown(e.getClass().getSimpleName());
        }
    }

    /** GitHub could not be reached or failed: counts against the breaker, and is a 502 for the caller. */
    static final class GitHubDown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GitHubDown(String what) {
            super(what);
        }
    }

    static Refusal unavailable() {
        return new Refusal(Refusal.Reason.UPSTREAM_FAILED, "GITHUB_UNAVAILABLE", "GitHub could not be reached; try again later");
    }

    private static Refusal scopeMissing() {
        return new Refusal(Refusal.Reason.FORBIDDEN, "GITHUB_SCOPE_MISSING", "Pushing a branch and opening a pull request "
                + "needs access to your repositories: grant it on the dashboard (Account → repository access)",
                Map.of("grant", "/account/"));
    }

    private static String gitHubMessage(Response answer) {
        try {
            return GitHubReplies.message(answer.readEntity(JsonValue.class));
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String clip(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
