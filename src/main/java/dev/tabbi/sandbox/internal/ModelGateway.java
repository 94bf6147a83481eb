package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.AgentModel;
import dev.tabbi.sandbox.ModelCallAdmission;
import dev.tabbi.sandbox.ModelCallRefused;
import dev.tabbi.sandbox.ModelTokensUsed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The model gateway: sandboxes' agents send their OpenAI-compatible chat requests here with their sandbox's token,
 * and only here, since no sandbox holds a provider key. A request is sent on to the configured provider with the
 * operator's key only when the token belongs to a running sandbox, the model is one the operator offers, every
 * {@link ModelCallAdmission} (budgets) agrees, and the session has fewer than its share of calls in flight. The
 * answer streams back as it comes; the tokens the provider reports in it are what the session is charged
 * ({@link ModelTokensUsed}). A caller that goes away (an aborted turn) stops the upstream call, and so does the turn
 * time limit.
 */
@ApplicationScoped
public class ModelGateway {
    private static final Logger LOG = Logger.getLogger(ModelGateway.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FIRST_BYTE_TIMEOUT = Duration.ofSeconds(120);
    private static final int MAX_LINE = 1 << 20;
    private static final long MAX_TOKENS_REPORTED = 1_000_000_000_000L;

    @Inject
    ModelTokens tokens;

    @Inject
    SandboxConfiguration configuration;

    @Inject
    ModelMeter meter;

    @Inject
    @Any
    Instance<ModelCallAdmission> admissions;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();
    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    void forward(String token, InputStream body, HttpServletResponse response) throws IOException {
        UUID sessionId = tokens.sessionOf(token).orElseThrow(() -> new ModelCallRefused(dev.tabbi.platform.Refusal.Reason.UNAUTHENTICATED, "MODEL_TOKEN_INVALID",
                "The token is not one of a running sandbox"));
        JsonObject request = parse(readBounded(body, configuration.gatewayMaxRequestBytes()));
        String model = request.get("model") instanceof jakarta.json.JsonString name ? name.getString() : "";
        if (!configuration.choices().contains(model)) {
            throw new ModelCallRefused(dev.tabbi.platform.Refusal.Reason.INVALID, "MODEL_NOT_ALLOWED", "The model '" + abbreviate(model)
                    + "' is not offered here; offered: " + String.join(", ", configuration.choices()));
        }
        admissions.forEach(admission -> admission.admit(sessionId));
        AtomicInteger calls = inFlight.computeIfAbsent(sessionId, id -> new AtomicInteger());
        if (calls.incrementAndGet() > configuration.gatewayMaxCallsPerSession()) {
            release(sessionId, calls);
            throw new ModelCallRefused(dev.tabbi.platform.Refusal.Reason.TOO_MANY, "TOO_MANY_MODEL_CALLS", "The session has "
                    + configuration.gatewayMaxCallsPerSession() + " model calls in flight already");
        }
        try {
            send(sessionId, model, withUsageReported(request), response);
        } finally {
            release(sessionId, calls);
        }
    }

    private void send(UUID sessionId, String model, JsonObject request, HttpServletResponse response) throws IOException {
        AgentModel upstream = configuration.model();
        HttpRequest.Builder call = HttpRequest.newBuilder(URI.create(upstream.baseUrl().toString().replaceAll("/+$", "")
                        + "/chat/completions"))
                .timeout(FIRST_BYTE_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString()));
        if (upstream.apiKey() != null && !upstream.apiKey().isBlank()) {
            call.header("Authorization", "Bearer " + upstream.apiKey());
        }
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(call.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ModelCallRefused(dev.tabbi.platform.Refusal.Reason.UPSTREAM_FAILED, "MODEL_UNAVAILABLE", "The model provider did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallRefused(dev.tabbi.platform.Refusal.Reason.UNAVAILABLE, "MODEL_UNAVAILABLE", "Interrupted");
        }
        UsageScanner usage = new UsageScanner();
        try (InputStream in = answer.body()) {
            // the turn's time limit bounds the whole answer: closing the stream cancels the upstream call
            CompletableFuture.delayedExecutor(configuration.turnTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> closeQuietly(in));
            response.setStatus(answer.statusCode());
            response.setContentType(answer.headers().firstValue("Content-Type").orElse("application/json"));
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Accel-Buffering", "no");
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                usage.accept(buffer, n);
                out.write(buffer, 0, n); // the caller gone (an abort) throws here, and the upstream call ends with `in`
                out.flush();
            }
        } finally {
            usage.finish();
            if (usage.found()) {
                meter.record(new ModelTokensUsed(sessionId, model, usage.input, usage.output));
            } else if (answer.statusCode() == 200) {
                LOG.warning("gateway.usage_missing session_id=" + sessionId + " model=" + model);
            }
        }
    }

    /** Streamed requests are asked to report usage (OpenAI's {@code stream_options.include_usage}): it is the meter. */
    private static JsonObject withUsageReported(JsonObject request) {
        if (!request.getBoolean("stream", false)) {
            return request;
        }
        JsonObjectBuilder options = Json.createObjectBuilder();
        if (request.get("stream_options") instanceof JsonObject given) {
            options = Json.createObjectBuilder(given);
        }
        return Json.createObjectBuilder(request).add("stream_options", options.add("include_usage", true)).build();
    }

    private void release(UUID sessionId, AtomicInteger calls) {
        if (calls.decrementAndGet() <= 0) {
            inFlight.remove(sessionId, calls);
        }
    }

    private static byte[] readBounded(InputStream body, long max) throws IOException {
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) {
            throw new ModelCallRefused(dev.tabbi.platform.Refusal.Reason.TOO_LARGE, "PAYLOAD_TOO_LARGE", "A model request may have at most " + max + " bytes");
        }
        return bytes;
    }

    private static JsonObject parse(byte[] bytes) {
        try (var reader = Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException | ClassCastException e) {
            throw new ModelCallRefused(dev.tabbi.platform.Refusal.Reason.INVALID, "VALIDATION_ERROR", "The body must be a JSON object");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /**
     * Finds the provider's {@code usage} object in an answer as it streams by: in each SSE {@code data:} line, or in
     * a plain JSON answer. Lines longer than {@value #MAX_LINE} bytes are skipped, so memory stays bounded.
     */
    static final class UsageScanner {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private boolean skipping;
        long input = -1;
        long output = -1;

        void accept(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                if (bytes[i] == '\n') {
                    finish();
                } else if (!skipping) {
                    if (line.size() >= MAX_LINE) {
                        skipping = true;
                        line.reset();
                    } else {
                        line.write(bytes[i]);
                    }
                }
            }
        }

        void finish() {
            if (!skipping && line.size() > 0) {
                String text = line.toString(StandardCharsets.UTF_8).strip();
                String json = text.startsWith("data:") ? text.substring(5).strip() : text;
                if (json.startsWith("{") && json.contains("\"usage\"")) {
                    read(json);
                }
            }
            line.reset();
            skipping = false;
        }

        boolean found() {
            return input >= 0 && output >= 0;
        }

        private void read(String json) {
            try (var reader = Json.createReader(new StringReader(json))) {
                if (reader.readObject().get("usage") instanceof JsonObject usage) {
                    // read with bounds: longValue() of a 1e999999999 from a broken provider would expand it digit by digit
                    input = dev.tabbi.platform.ReplyFields.whole(usage, "prompt_tokens", 0, MAX_TOKENS_REPORTED);
                    output = dev.tabbi.platform.ReplyFields.whole(usage, "completion_tokens", 0, MAX_TOKENS_REPORTED);
                }
            } catch (RuntimeException e) {
                // not a usage report after all
            }
        }
    }
}
