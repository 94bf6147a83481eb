package dev.tabbi.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a new session starts with, every part optional: {@code CreateSession.blank().repo("owner/repo")}. An
 * idempotency key makes a retried create return the session the first one made, instead of a second one.
 */
public final class CreateSession {
    private final Map<String, JsonValue> body = new LinkedHashMap<>();
    private String idempotencyKey;

    private CreateSession() {
    }

    public static CreateSession blank() {
        return new CreateSession();
    }

    /** A GitHub repository, "owner/repo" or its https URL, cloned into the workspace. */
    public CreateSession repo(String repo) {
        body.put("repo", Json.createValue(repo));
        return this;
    }

    /** Instructions the agent gets before every message (at most 50,000 characters). */
    public CreateSession systemPrompt(String prompt) {
        body.put("systemPrompt", Json.createValue(prompt));
        return this;
    }

    /** One of the models the server offers instead of its default. */
    public CreateSession model(String model) {
        body.put("model", Json.createValue(model));
        return this;
    }

    /** Any other field of the API's create request, e.g. {@code "secrets"}. */
    public CreateSession with(String field, JsonValue value) {
        body.put(field, value);
        return this;
    }

    /** Sent as Idempotency-Key (at most 255 characters). */
    public CreateSession idempotencyKey(String key) {
        this.idempotencyKey = key;
        return this;
    }

    JsonObject json() {
        var json = Json.createObjectBuilder();
        body.forEach(json::add);
        return json.build();
    }

    String idempotencyKey() {
        return idempotencyKey;
    }
}
