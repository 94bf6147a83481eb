package dev.tabbi.sandbox.internal;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * One call to a sandbox platform's HTTP API through a MicroProfile Rest Client built for that URL (once: {@link
 * RestClientCache}), with connect and read timeouts, the platform's credentials, and its error answers turned into
 * {@link SandboxServiceErrors}; a call that gets no answer in time is {@link SandboxServiceErrors.Unavailable}.
 */
final class ServiceCall {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(ServiceCall.class.getName());
    private static final long CONNECT_TIMEOUT_MILLIS = 5_000;
    /** The most one reply of a platform may carry (its largest, a list of sandboxes or a log, is far smaller). */
    private static final long MAX_REPLY_BYTES = 4L * 1024 * 1024;
    private static final RestClientCache CLIENTS = new RestClientCache();

    private ServiceCall() {
    }

    static <T> T call(URI base, String path, Map<String, String> headers, Duration readTimeout,
            Function<SandboxServiceEndpoint, T> action) {
        String root = base.toString().replaceAll("/+$", "");
        SandboxServiceEndpoint endpoint = CLIENTS.get(List.of(root + "/" + path, new java.util.HashMap<>(headers), readTimeout),
                SandboxServiceEndpoint.class, () -> RestClientBuilder.newBuilder()
                .baseUri(URI.create(root + "/" + path))
                .connectTimeout(CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .register(new SandboxServiceErrors())
                .register(new BoundedReplies(MAX_REPLY_BYTES))
                .register((ClientRequestFilter) request -> headers.forEach(request.getHeaders()::putSingle))
                .build(SandboxServiceEndpoint.class));
        try {
            return action.apply(endpoint);
        } catch (ProcessingException e) {
            if (BoundedReplies.tooLarge(e).isPresent()) {
                throw new SandboxServiceErrors.Refused("the sandbox platform answered with more than " + MAX_REPLY_BYTES + " bytes");
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warning("sandbox.platform_call_failed path=" + path.replaceAll("\\?.*", "") + " error=\""
                    + cause.getClass().getSimpleName() + "\" detail=\"" + cause.getMessage() + "\"");
            throw new SandboxServiceErrors.Unavailable("the sandbox platform did not answer in time");
        }
    }
}
