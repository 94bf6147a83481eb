package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Refusal;
import dev.tabbi.sessions.HistoryMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * {@code autoCreatePr}: when a session's first turn ends with changes, they become a pull request, titled after the
 * user's first message, described by the agent's answer. Nothing happens without changes; a refusal (no access,
 * the branch exists) goes on the session's feed as an {@code error} with the code {@code PULL_REQUEST_FAILED}.
 */
@ApplicationScoped
public class AutoPullRequests {
    private static final Logger LOG = Logger.getLogger(AutoPullRequests.class.getName());
    static final int MAX_TITLE = 72;

    @Inject
    SessionStore store;

    @Inject
    MessageHistory history;

    @Inject
    PullRequestRecords records;

    @Inject
    SessionPullRequests pullRequests;

    @Inject
    SessionFeed feed;

    /** After a turn of the session ended and it is idle again. */
    void afterTurn(UUID sessionId) {
        SessionEntity session = store.find(sessionId).orElse(null);
        if (session == null || !session.autoCreatePr() || !records.of(sessionId).isEmpty()) {
            return;
        }
        List<HistoryMessage> messages = history.page(sessionId, 0, 3);
        if (messages.stream().filter(message -> message.role().equals("user")).count() != 1) {
            return; // not the first turn
        }
        String asked = messages.get(0).content().strip().lines().findFirst().orElse("Changes");
        String title = asked.length() > MAX_TITLE ? asked.substring(0, MAX_TITLE - 1) + "…" : asked;
        String answer = history.lastAnswer(sessionId).map(HistoryMessage::content).orElse("");
        String body = (answer.length() > 4000 ? answer.substring(0, 4000) + "…" : answer)
                + "\n\n---\nOpened from Tabbi session " + sessionId + ".";
        List<String> paths = session.repositories().isEmpty() ? java.util.Collections.singletonList(null)
                : session.repositories().stream().map(SessionRepositories.Named::path).toList();
        for (String path : paths) { // one pull request per repository with changes
            open(session, title, body, path);
        }
    }

    private void open(SessionEntity session, String title, String body, String path) {
        UUID sessionId = session.id();
        try {
            pullRequests.open(session.userId(), sessionId, new SessionPullRequests.Request(title, body, null, null, false, path));
        } catch (Refusal e) {
            if (e.code().equals("NO_CHANGES")) {
                LOG.info("sessions.auto_pull_request_skipped session_id=" + sessionId + " reason=no_changes");
                return;
            }
            LOG.warning("sessions.auto_pull_request_failed session_id=" + sessionId + " code=" + e.code());
            feed.publish(sessionId, FeedEvent.turnFailed("PULL_REQUEST_FAILED", e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warning("sessions.auto_pull_request_failed session_id=" + sessionId + " error=\"" + e.getClass().getSimpleName() + "\"");
            feed.publish(sessionId, FeedEvent.turnFailed("PULL_REQUEST_FAILED", "The pull request could not be opened"));
        }
    }
}
