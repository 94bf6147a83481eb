package dev.tabbi.sessions.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * One delivery attempt: the message signed for this moment and posted to the receiver, which has the configured
 * time to connect and to answer. Redirects are not followed (a receiver could point the platform anywhere) and at
 * most a few kilobytes of its answer are read. Retrying is the outbox's job, with its own backoff, so none here.
 */
@ApplicationScoped
public class WebhookSender {
    static final String USER_AGENT = "Tabbi-Webhooks/1";
    private static final int MAX_ANSWER_BYTES = 4096;

    /** What the receiver answered: its status, or why there was none. */
    public record Outcome(Integer statusCode, String error) {
        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    @Inject
    WebhooksConfiguration configuration;

    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Bulkhead(value = 64)
    public Outcome send(URI url, String secret, String messageId, String body) {
        WebhookReceiverApi receiver = RestClientBuilder.newBuilder().baseUri(url)
                .connectTimeout(configuration.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(configuration.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false).property("microprofile.rest.client.disable.default.mapper", true)
                .build(WebhookReceiverApi.class);
        long timestamp = Instant.now().getEpochSecond();
        try (Response answer = receiver.deliver(messageId, Long.toString(timestamp),
                WebhookSignature.sign(secret, messageId, timestamp, body), USER_AGENT, body)) {
            drain(answer);
            return new Outcome(answer.getStatus(), answer.getStatus() / 100 == 2 ? null : "HTTP " + answer.getStatus());
        } catch (ProcessingException e) {
            return new Outcome(null, describe(e));
        } finally {
            if (receiver instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // the connection goes with it either way
                }
            }
        }
    }

    /** Reads a little of the answer, so the connection ends cleanly; a receiver cannot make us read more. */
    private static void drain(Response answer) {
        if (answer.hasEntity()) {
            try (InputStream in = answer.readEntity(InputStream.class)) {
                in.readNBytes(MAX_ANSWER_BYTES);
            } catch (Exception e) {
                // the status is what counts
            }
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String name = cause.getClass().getSimpleName();
        return switch (name) {
            case "ConnectException" -> "connection refused";
            case "SocketTimeoutException", "HttpTimeoutException", "TimeoutException" -> "timed out";
            case "UnknownHostException" -> "unknown host";
            case "SSLHandshakeException", "SSLException" -> "TLS failed";
            default -> "could not be delivered (" + name + ")";
        };
    }
}
