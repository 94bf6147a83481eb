package dev.tabbi.sandbox.internal;

import dev.tabbi.platform.ReplyFields;
import dev.tabbi.sandbox.Sandbox;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What Tabbi reads of a sandbox platform's replies (the remote sandbox service and Daytona), read as untrusted
 * ({@link ReplyFields}): a reply of the wrong shape is {@link SandboxServiceErrors.Refused} ("the service answered
 * something else"), never an exception deep in the server. Ids are bounded; lists are capped.
 */
final class SandboxServiceReplies {
    static final int MAX_SANDBOXES = 100_000;
    static final int MAX_LOG_LINES = 10_000;

    /** How Daytona shows a sandbox's port: its URL and the token to send along (null: none). */
    record Preview(String url, String token) {
    }

    private SandboxServiceReplies() {
    }

    /** A sandbox the remote service started (or resumed) for the session: id, agent address and credentials. */
    static Sandbox started(JsonValue reply, String sessionId) {
        return read("the sandbox it started", () -> {
            JsonObject answer = ReplyFields.object(reply, "the answer");
            return new Sandbox(id(answer, "id"), sessionId,
                    ReplyFields.httpUrl(ReplyFields.text(answer, "agentUrl"), "agentUrl"),
                    ReplyFields.optionalText(answer, "agentUsername", OpenCodeSettings.USER), ReplyFields.text(answer, "agentPassword"));
        });
    }

    /** The snapshot a pause made. */
    static String snapshot(JsonValue reply) {
        return read("the snapshot it made", () -> id(ReplyFields.object(reply, "the answer"), "snapshot"));
    }

    /** Whether the remote service says the sandbox runs. */
    static boolean running(JsonValue reply) {
        return read("the sandbox's status", () ->
                "running".equals(ReplyFields.optionalText(ReplyFields.object(reply, "the answer"), "status", "")));
    }

    /** The sandbox's log lines. */
    static List<String> logs(JsonValue reply) {
        return read("the logs", () -> ReplyFields.texts(ReplyFields.object(reply, "the answer"), "logs", MAX_LOG_LINES));
    }

    /** The remote service's sandboxes, by id, with the session each was made for ("" when it does not say). */
    static Map<String, String> remoteSandboxes(JsonValue reply) {
        return read("its sandboxes", () -> {
            Map<String, String> sandboxes = new HashMap<>();
            for (JsonObject sandbox : ReplyFields.objects(ReplyFields.object(reply, "the answer"), "sandboxes", MAX_SANDBOXES)) {
                sandboxes.put(id(sandbox, "id"), ReplyFields.optionalText(sandbox, "sessionId", ""));
            }
            return sandboxes;
        });
    }

    /** Daytona's sandboxes (a list, or a page of {@code items}), by id, with the session in label {@code sessionLabel}. */
    static Map<String, String> daytonaSandboxes(JsonValue reply, String sessionLabel) {
        return read("its sandboxes", () -> {
            List<JsonObject> items = reply instanceof JsonArray array ? ReplyFields.objects(array, "the sandboxes", MAX_SANDBOXES)
                    : ReplyFields.objects(ReplyFields.object(reply, "the answer"), "items", MAX_SANDBOXES);
            Map<String, String> sandboxes = new HashMap<>();
            for (JsonObject sandbox : items) {
                JsonObject labels = sandbox.get("labels") instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
                sandboxes.put(id(sandbox, "id"), ReplyFields.optionalText(labels, sessionLabel, ""));
            }
            return sandboxes;
        });
    }

    /** The id of a sandbox Daytona created. */
    static String created(JsonValue reply) {
        return read("the sandbox it created", () -> id(ReplyFields.object(reply, "the answer"), "id"));
    }

    /** A Daytona sandbox's state ({@code unknown} when it does not say). */
    static String state(JsonValue reply) {
        return read("the sandbox's state", () -> ReplyFields.optionalText(ReplyFields.object(reply, "the answer"), "state", "unknown"));
    }

    /** Where Daytona shows the agent's port. */
    static Preview preview(JsonValue reply) {
        return read("the agent's address", () -> {
            JsonObject answer = ReplyFields.object(reply, "the answer");
            return new Preview(ReplyFields.httpUrl(ReplyFields.text(answer, "url"), "url").toString(),
                    ReplyFields.optionalText(answer, "token", null));
        });
    }

    /** An id: 1 to 200 visible ASCII characters (it goes into paths and logs). */
    private static String id(JsonObject answer, String field) {
        String id = ReplyFields.text(answer, field);
        if (id.length() > 200 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new SandboxServiceErrors.Refused("the sandbox service answered an unusable " + field);
        }
        return id;
    }

    private static <T> T read(String what, Supplier<T> reading) {
        try {
            return reading.get();
        } catch (ReplyFields.Unexpected e) {
            throw new SandboxServiceErrors.Refused("the sandbox service answered something else than " + what + " ("
                    + e.getMessage() + ")");
        }
    }
}
