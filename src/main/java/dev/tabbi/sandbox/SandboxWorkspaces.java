package dev.tabbi.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * Reading what a running sandbox holds: its files, its diff, its size and its agent's log, each bounded. One of the
 * three concerns of a {@link SandboxProvider}.
 */
public interface SandboxWorkspaces {

    /**
     * The directory listing or file at {@code path} (relative; empty or {@code /} is the workspace itself). Empty
     * when nothing is there or when the path leads outside the workspace; {@link ContentTooLarge} when the file is
     * larger than {@code maxBytes}.
     */
    Optional<WorkspaceEntry> workspace(String sandboxId, String path, long maxBytes);

    /**
     * The unified diff of the workspace against how it started; empty if not running; {@link ContentTooLarge} past
     * {@code maxBytes}.
     */
    Optional<String> diff(String sandboxId, long maxBytes);

    /**
     * The diff of one of the sandbox's {@link RepositoryCheckout repositories} (by its path), its file names relative
     * to that repository; empty if not running or when the sandbox has no such repository.
     */
    Optional<String> diff(String sandboxId, String repositoryPath, long maxBytes);

    /** Whether this provider makes sandboxes of several repositories ({@link SandboxSpec#repositories()}). */
    default boolean makesSeveralRepositories() {
        return false;
    }

    /** The size of the workspace in bytes (what the agent wrote counts against the session's limit). */
    long workspaceBytes(String sandboxId);

    /** The last {@code tail} lines of the sandbox's agent log, newest last. */
    List<String> logs(String sandboxId, int tail);
}
