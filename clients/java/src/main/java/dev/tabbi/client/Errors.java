package dev.tabbi.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Turns an error answer into a {@link TabbiException}: its code, message, details, request id and Retry-After. */
final class Errors {
    private static final int MAX_MESSAGE = 500;

    private Errors() {
    }

    static TabbiException of(HttpResponse<byte[]> response) {
        String requestId = response.headers().firstValue("X-Request-ID").orElse(null);
        Duration retryAfter = response.headers().firstValue("Retry-After").map(Errors::retryAfter).orElse(null);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        try {
            JsonObject error = Json.createReader(new StringReader(body)).readObject().getJsonObject("error");
            return new TabbiException(response.statusCode(), error.getString("code", null),
                    error.getString("message", ""), error.getJsonObject("details"), requestId, retryAfter);
        } catch (RuntimeException notTheApisShape) {
            // e.g. a proxy's own error page: keep its start as the message
            String start = body.length() > MAX_MESSAGE ? body.substring(0, MAX_MESSAGE) + "…" : body;
            return new TabbiException(response.statusCode(), "HTTP_" + response.statusCode(), start.strip(), null,
                    requestId, retryAfter);
        }
    }

    /** Retry-After in seconds or as an HTTP date; null when it is neither. */
    static Duration retryAfter(String value) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException neither) {
                return null;
            }
        }
    }
}
