package dev.tabbi.identity.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Settings of sign-in: the GitHub OAuth app, token encryption, the development sign-in and browser sessions. */
@ApplicationScoped
public class IdentityConfiguration {
    static final String CALLBACK_PATH = "/auth/github/callback";

    @Inject
    @ConfigProperty(name = "tabbi.base-url", defaultValue = "http://localhost:8080")
    String baseUrl;

    @Inject
    @ConfigProperty(name = "dashboard.home")
    Optional<String> home;

    /**
     * The dashboard page a sign-in lands on when no page asked for it ({@code dashboard.home}). Its default is in the
     * app's {@code microprofile-config.properties}, since it names another module's page. An injected value is
     * resolved on whatever thread first creates this bean, which may not see the app's file (a health check's, say),
     * so without one it is read from the app's own configuration when asked.
     */
    public String home() {
        return home.or(() -> org.eclipse.microprofile.config.ConfigProvider.getConfig(IdentityConfiguration.class
                .getClassLoader()).getOptionalValue("dashboard.home", String.class)).orElse("/");
    }

    @Inject
    @ConfigProperty(name = "github.client-id")
    Optional<String> clientId;

    @Inject
    @ConfigProperty(name = "github.client-secret")
    Optional<String> clientSecret;

    @Inject
    @ConfigProperty(name = "github.authorize-url", defaultValue = "https://github.com/login/oauth/authorize")
    String authorizeUrl;

    @Inject
    @ConfigProperty(name = "github.token-url", defaultValue = "https://github.com/login/oauth/access_token")
    String tokenUrl;

    @Inject
    @ConfigProperty(name = "github.api-url", defaultValue = "https://api.github.com")
    String apiUrl;

    @Inject
    @ConfigProperty(name = "github.timeout-ms", defaultValue = "10000")
    long timeoutMillis;

    @Inject
    @ConfigProperty(name = "identity.token-encryption-keys")
    Optional<String> tokenEncryptionKeys;

    @Inject
    @ConfigProperty(name = "identity.dev-sign-in", defaultValue = "false")
    boolean devSignIn;

    @Inject
    @ConfigProperty(name = "identity.session-max-hours", defaultValue = "12")
    long sessionMaxHours;

    @Inject
    @ConfigProperty(name = "identity.session-idle-minutes", defaultValue = "30")
    int sessionIdleMinutes;

    @Inject
    @ConfigProperty(name = "identity.secure-cookies", defaultValue = "true")
    boolean secureCookies;

    private volatile TokenCipher cipher;

    /** The exact redirect URI registered with the GitHub OAuth app. */
    URI redirectUri() {
        return URI.create(baseUrl.replaceAll("/+$", "") + CALLBACK_PATH);
    }

    boolean gitHubConfigured() {
        return clientId.filter(s -> !s.isBlank()).isPresent() && clientSecret.filter(s -> !s.isBlank()).isPresent();
    }

    String clientId() {
        return clientId.orElseThrow();
    }

    String clientSecret() {
        return clientSecret.orElseThrow();
    }

    URI authorizeUrl() {
        return URI.create(authorizeUrl);
    }

    URI tokenUrl() {
        return URI.create(tokenUrl);
    }

    URI apiUrl() {
        return URI.create(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
    }

    Duration timeout() {
        return Duration.ofMillis(timeoutMillis);
    }

    public boolean devSignInEnabled() {
        return devSignIn;
    }

    int sessionIdleMinutes() {
        return sessionIdleMinutes;
    }

    boolean secureCookies() {
        return secureCookies;
    }

    public boolean gitHubSignInAvailable() {
        return gitHubConfigured() && cipherProblem().isEmpty();
    }

    Duration sessionMaxLifetime() {
        return Duration.ofHours(sessionMaxHours);
    }

    /** The token cipher; throws IllegalArgumentException (safe to show operators) when misconfigured. */
    TokenCipher cipher() {
        TokenCipher current = cipher;
        if (current == null) {
            current = TokenCipher.parse(tokenEncryptionKeys.orElse(""));
            cipher = current;
        }
        return current;
    }

    /** Why GitHub tokens cannot be stored, or empty. */
    Optional<String> cipherProblem() {
        try {
            cipher();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("identity.token-encryption-keys (IDENTITY_TOKEN_ENCRYPTION_KEYS): " + e.getMessage());
        }
    }
}
