package dev.tabbi.sessions.internal;

import dev.tabbi.sessions.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.UUID;

/**
 * What of a session becomes a webhook, called inside the transaction of the change (so the message commits with
 * it): a status change ({@code ready}, {@code idle} with the turn's answer and tokens, {@code error},
 * {@code deleted}), a pause once its snapshot is taken, a pull request opened, a turn stopped by a budget.
 */
@ApplicationScoped
public class WebhookTriggers {
    static final int MAX_SUMMARY = 4000;

    @Inject
    WebhookOutbox outbox;

    @Inject
    MessageHistory history;

    /** The session moved {@code from → to}; {@code error} is why it failed, when it did. */
    void moved(UUID userId, UUID sessionId, SessionStatus from, SessionStatus to, String error) {
        switch (to) {
            case IDLE -> {
                if (from == SessionStatus.STARTING) {
                    outbox.enqueue(userId, sessionId, WebhookEventType.SESSION_READY, session(sessionId).add("status", "idle").build());
                } else if (from == SessionStatus.RUNNING) {
                    outbox.enqueue(userId, sessionId, WebhookEventType.SESSION_IDLE, turnEnded(sessionId));
                }
            }
            case ERROR -> outbox.enqueue(userId, sessionId, WebhookEventType.SESSION_ERROR,
                    session(sessionId).add("message", error == null ? "the session failed" : error).build());
            case TERMINATED -> outbox.enqueue(userId, sessionId, WebhookEventType.SESSION_DELETED, session(sessionId).build());
            default -> {
                // starting, running and paused (announced once its snapshot is taken) are not webhooks
            }
        }
    }

    void paused(UUID userId, UUID sessionId) {
        outbox.enqueue(userId, sessionId, WebhookEventType.SESSION_PAUSED, session(sessionId).build());
    }

    void budgetExceeded(UUID userId, UUID sessionId, String message) {
        outbox.enqueue(userId, sessionId, WebhookEventType.BUDGET_EXCEEDED, session(sessionId).add("message", message).build());
    }

    void pullRequestOpened(UUID userId, UUID sessionId, JsonObject pullRequest) {
        outbox.enqueue(userId, sessionId, WebhookEventType.PULL_REQUEST_OPENED,
                session(sessionId).add("pullRequest", pullRequest).build());
    }

    private JsonObject turnEnded(UUID sessionId) {
        JsonObjectBuilder turn = Json.createObjectBuilder();
        history.lastAnswer(sessionId).ifPresent(answer -> {
            String content = answer.content() == null ? "" : answer.content();
            turn.add("messageId", answer.id().toString()).add("status", answer.status())
                    .add("summary", content.length() > MAX_SUMMARY ? content.substring(0, MAX_SUMMARY) + "…" : content)
                    .add("inputTokens", answer.inputTokens() == null ? 0 : answer.inputTokens())
                    .add("outputTokens", answer.outputTokens() == null ? 0 : answer.outputTokens());
        });
        return session(sessionId).add("status", "idle").add("turn", turn).build();
    }

    private static JsonObjectBuilder session(UUID sessionId) {
        return Json.createObjectBuilder().add("sessionId", sessionId.toString());
    }
}
