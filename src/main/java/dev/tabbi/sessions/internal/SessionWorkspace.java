package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Refusal;
import dev.tabbi.sandbox.ContentTooLarge;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxWorkspaces;
import dev.tabbi.sandbox.WorkspaceEntry;
import dev.tabbi.sessions.HistoryMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What can be read of a session: its workspace's files and diff and its agent's logs (while its sandbox runs on
 * this node), and its persisted conversation (always). Someone else's session is not found.
 */
@ApplicationScoped
public class SessionWorkspace {

    @Inject
    SessionAccess access;

    @Inject
    LiveSandboxes live;

    @Inject
    SandboxWorkspaces sandboxes;

    @Inject
    MessageHistory history;

    @Inject
    SessionSecrets secrets;

    /** The last lines of the session's sandbox log (empty once it has ended or is paused). */
    public List<String> logs(UUID userId, UUID sessionId, int tail) {
        access.owned(userId, sessionId);
        SecretRedaction redaction = secrets.redaction(sessionId);
        return sandboxId(sessionId).map(id -> sandboxes.logs(id, tail)).orElse(List.<String>of()).stream()
                .map(redaction::apply).toList();
    }

    /** What is at a path of the session's workspace; 404 FILE_NOT_FOUND when nothing (that may be shown) is there. */
    public WorkspaceEntry file(UUID userId, UUID sessionId, String path, long maxBytes) {
        SessionEntity session = access.owned(userId, sessionId);
        String sandboxId = sandboxId(sessionId).orElseThrow(() -> notRunning(session));
        try {
            WorkspaceEntry entry = sandboxes.workspace(sandboxId, path, maxBytes)
                    .orElseThrow(() -> new Refusal(Refusal.Reason.NOT_FOUND, "FILE_NOT_FOUND", "No such file in the session's workspace"));
            return redacted(entry, secrets.redaction(sessionId));
        } catch (ContentTooLarge e) {
            throw tooLarge("The file", maxBytes);
        } catch (SandboxException e) {
            throw unreadable(e);
        }
    }

    /** The workspace's changes since the session started, as a unified diff. */
    public String diff(UUID userId, UUID sessionId, long maxBytes) {
        SessionEntity session = access.owned(userId, sessionId);
        try {
            return secrets.redaction(sessionId).apply(sandboxId(sessionId).flatMap(id -> sandboxes.diff(id, maxBytes))
                    .orElseThrow(() -> notRunning(session)));
        } catch (ContentTooLarge e) {
            throw tooLarge("The diff", maxBytes);
        } catch (SandboxException e) {
            throw unreadable(e);
        }
    }

    /** What may be shown of an entry: a file's bytes and the names of a listing without the session's secrets. */
    private static WorkspaceEntry redacted(WorkspaceEntry entry, SecretRedaction redaction) {
        if (redaction.isEmpty()) {
            return entry;
        }
        if (entry instanceof WorkspaceEntry.File file) {
            return new WorkspaceEntry.File(redaction.apply(file.name()), redaction.apply(file.content()));
        }
        return new WorkspaceEntry.Directory(((WorkspaceEntry.Directory) entry).items().stream()
                .map(item -> new WorkspaceEntry.Item(redaction.apply(item.name()), redaction.apply(item.path()),
                        item.isDirectory(), item.size())).toList());
    }

    /** The diff of one of the session's several repositories (by its path); 404 when it has none of that path. */
    public String diff(UUID userId, UUID sessionId, String repositoryPath, long maxBytes) {
        SessionEntity session = access.owned(userId, sessionId);
        if (session.repositories().stream().noneMatch(repo -> repo.path().equals(repositoryPath))) {
            throw new Refusal(Refusal.Reason.NOT_FOUND, "REPOSITORY_NOT_FOUND", "The session has no repository at " + clip(repositoryPath)
                    + (session.repositories().isEmpty() ? "" : "; its repositories are at " + String.join(", ",
                            session.repositories().stream().map(SessionRepositories.Named::path).toList())));
        }
        try {
            String sandboxId = sandboxId(sessionId).orElseThrow(() -> notRunning(session));
            return secrets.redaction(sessionId).apply(sandboxes.diff(sandboxId, repositoryPath, maxBytes)
                    .orElseThrow(() -> notRunning(session)));
        } catch (ContentTooLarge e) {
            throw tooLarge("The diff", maxBytes);
        } catch (SandboxException e) {
            throw unreadable(e);
        }
    }

    private static String clip(String text) {
        return text == null ? "(none)" : text.length() > 100 ? text.substring(0, 100) + "…" : text;
    }

    /** The workspace is in a state its reader cannot handle (a file git cannot store, a timeout): the user's to fix. */
    private static Refusal unreadable(SandboxException e) {
        return new Refusal(Refusal.Reason.CONFLICT, "WORKSPACE_UNREADABLE", "The workspace could not be read: " + e.getMessage());
    }

    /** 413 with the limit: the agent wrote more than the API hands out in one answer. */
    private static Refusal tooLarge(String what, long maxBytes) {
        return new Refusal(Refusal.Reason.TOO_LARGE, "CONTENT_TOO_LARGE", what + " is larger than " + maxBytes / (1024 * 1024)
                + " MB, the most one answer carries");
    }

    private static Refusal notRunning(SessionEntity session) {
        return SessionRefusals.refusal(session, "The session's sandbox is still starting; try again when it is idle");
    }

    /** The persisted conversation, oldest first, after {@code afterPosition}. */
    public List<HistoryMessage> messages(UUID userId, UUID sessionId, int afterPosition, int limit) {
        access.owned(userId, sessionId);
        return history.page(sessionId, afterPosition, limit);
    }

    private Optional<String> sandboxId(UUID sessionId) {
        return live.get(sessionId).map(sandbox -> sandbox.sandbox().id());
    }
}
