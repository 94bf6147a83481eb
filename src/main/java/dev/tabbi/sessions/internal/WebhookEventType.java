package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Refusal;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What a webhook endpoint may subscribe to, by the names the API and the payloads use. */
public enum WebhookEventType {
    /** The session's agent answers: after its creation, and again after each resume. */
    SESSION_READY("session.ready"),
    /** A turn ended: its answer (clipped) and the tokens it used. */
    SESSION_IDLE("session.idle"),
    SESSION_PAUSED("session.paused"),
    SESSION_ERROR("session.error"),
    /** The session was ended (by its user or by the platform). */
    SESSION_DELETED("session.deleted"),
    PULL_REQUEST_OPENED("pull_request.opened"),
    /** A turn was stopped because a budget ran out. */
    BUDGET_EXCEEDED("budget.exceeded");

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The types named in {@code names} (each once, in the catalogue's order); 400 on an unknown one or none. */
    static Set<WebhookEventType> parse(List<String> names) {
        if (names == null || names.isEmpty() || names.size() > values().length * 2) {
            throw Refusal.invalid("events: one or more of " + catalogue());
        }
        Set<WebhookEventType> types = new LinkedHashSet<>();
        for (String name : names) {
            types.add(Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst()
                    .orElseThrow(() -> Refusal.invalid("events: \"" + clip(name) + "\" is not one of " + catalogue())));
        }
        return Set.copyOf(types);
    }

    static String catalogue() {
        return String.join(", ", Arrays.stream(values()).map(WebhookEventType::wireName).toList());
    }

    private static String clip(String name) {
        return name == null ? "null" : name.length() > 40 ? name.substring(0, 40) + "…" : name;
    }
}
