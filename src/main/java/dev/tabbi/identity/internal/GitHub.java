package dev.tabbi.identity.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Form;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * The calls sign-in makes to GitHub, with timeouts on every connection. Reading the profile is retried with
 * jittered backoff; exchanging a code is not, because a code works only once.
 */
@ApplicationScoped
public class GitHub {

    /** What a successful code exchange grants. */
    record Grant(String accessToken, Set<String> scopes) {
        @Override
        public String toString() {
            return "Grant[scopes=" + scopes + ", accessToken=<hidden>]";
        }
    }

    /** GitHub answered, but refused (bad or reused code, wrong verifier…); {@code error} is GitHub's code. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String error) {
            super(error);
        }
    }

    @Inject
    IdentityConfiguration configuration;

    private GitHubOAuthApi oauth;
    private GitHubReadApi user;
    private GitHubReadApi emails;
    private GitHubRepositoriesApi repositories;

    @PostConstruct
    void connect() {
        long timeout = configuration.timeout().toMillis();
        oauth = client(configuration.tokenUrl(), timeout).build(GitHubOAuthApi.class);
        user = client(configuration.apiUrl().resolve("user"), timeout).build(GitHubReadApi.class);
        emails = client(configuration.apiUrl().resolve("user/emails"), timeout).build(GitHubReadApi.class);
        repositories = client(configuration.apiUrl().resolve("user/repos"), timeout).build(GitHubRepositoriesApi.class);
    }

    private static RestClientBuilder client(java.net.URI uri, long timeoutMillis) {
        return RestClientBuilder.newBuilder().baseUri(uri)
                .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Timeout(value = 20, unit = java.time.temporal.ChronoUnit.SECONDS)
    Grant exchange(String code, String codeVerifier) {
        return GitHubReplies.grant(oauth.exchange(new Form()
                .param("client_id", configuration.clientId())
                .param("client_secret", configuration.clientSecret())
                .param("code", code)
                .param("redirect_uri", configuration.redirectUri().toString())
                .param("code_verifier", codeVerifier)));
    }

    @Retry(maxRetries = 2, delay = 300, jitter = 200, abortOn = Refused.class)
    @Timeout(value = 30, unit = java.time.temporal.ChronoUnit.SECONDS)
    GitHubProfile profile(String accessToken) {
        String authorization = "Bearer " + accessToken;
        JsonValue profile = user.get(authorization);
        return GitHubReplies.profile(profile, GitHubReplies.hasEmail(profile) ? null : emails.get(authorization));
    }

    static final int REPOSITORIES_PER_PAGE = 100;

    /** One page of the repositories the token may read, most recently pushed first. */
    @Retry(maxRetries = 2, delay = 300, jitter = 200)
    @Timeout(value = 20, unit = java.time.temporal.ChronoUnit.SECONDS)
    JsonValue repositories(String accessToken, int page) {
        return repositories.list("Bearer " + accessToken, "pushed", REPOSITORIES_PER_PAGE, page);
    }

    /** A string field of GitHub's JSON, or null when absent or not a string. */
    static String text(JsonObject object, String field) {
        JsonValue value = object.get(field);
        return value instanceof JsonString string ? string.getString() : null;
    }
}
