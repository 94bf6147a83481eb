package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.SandboxException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the sandbox platforms are and how this server signs in to them: the remote sandbox service (also on Modal)
 * and Daytona. Which one runs the sandboxes is {@link SandboxConfiguration#provider()}.
 */
@ApplicationScoped
public class SandboxPlatformConfiguration {

    @Inject
    @ConfigProperty(name = "sandbox.remote.url")
    Optional<String> remoteUrl;

    @Inject
    @ConfigProperty(name = "sandbox.remote.api-key")
    Optional<String> remoteApiKey;

    @Inject
    @ConfigProperty(name = "sandbox.modal.token-id")
    Optional<String> modalTokenId;

    @Inject
    @ConfigProperty(name = "sandbox.modal.token-secret")
    Optional<String> modalTokenSecret;

    @Inject
    @ConfigProperty(name = "sandbox.daytona.api-url", defaultValue = "https://app.daytona.io/api")
    String daytonaApiUrl;

    @Inject
    @ConfigProperty(name = "sandbox.daytona.api-key")
    Optional<String> daytonaApiKey;

    @Inject
    @ConfigProperty(name = "sandbox.daytona.organization-id")
    Optional<String> daytonaOrganizationId;

    @Inject
    @ConfigProperty(name = "sandbox.daytona.snapshot", defaultValue = "tabbi-opencode")
    String daytonaSnapshot;

    @Inject
    @ConfigProperty(name = "sandbox.remote.timeout-ms", defaultValue = "10000")
    long remoteTimeoutMillis;

    Optional<URI> remoteUrl() {
        return remoteUrl.map(String::strip).filter(u -> !u.isEmpty()).map(URI::create);
    }

    /**
     * The headers that authenticate this server to the sandbox service: the internal API key as a bearer token,
     * and a Modal proxy-auth token pair when the service is a Modal app's web endpoint.
     */
    Map<String, String> remoteHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        remoteApiKey.map(String::strip).filter(k -> !k.isEmpty()).ifPresent(key -> headers.put("Authorization", "Bearer " + key));
        if (modalTokenId.isPresent() && modalTokenSecret.isPresent()) {
            headers.put("Modal-Key", modalTokenId.get().strip());
            headers.put("Modal-Secret", modalTokenSecret.get().strip());
        }
        return headers;
    }

    URI daytonaApiUrl() {
        return URI.create(daytonaApiUrl.strip());
    }

    String daytonaApiKey() {
        return daytonaApiKey.map(String::strip).filter(k -> !k.isEmpty())
                .orElseThrow(() -> new SandboxException("SANDBOX_DAYTONA_API_KEY is not configured"));
    }

    Map<String, String> daytonaHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + daytonaApiKey());
        daytonaOrganizationId.map(String::strip).filter(o -> !o.isEmpty())
                .ifPresent(organization -> headers.put("X-Daytona-Organization-ID", organization));
        return headers;
    }

    String daytonaSnapshot() {
        return daytonaSnapshot.strip();
    }

    /** Read timeout of the remote service's quick calls (status, logs, delete). */
    Duration callTimeout() {
        return Duration.ofMillis(remoteTimeoutMillis);
    }
}
