package dev.tabbi.sandbox;

/**
 * Pausing and resuming: a paused sandbox is stopped with its workspace and the agent's data kept in a snapshot, and
 * resumes from it with the agent's conversations intact. One of the three concerns of a {@link SandboxProvider}.
 */
public interface SandboxSnapshots {

    /** Stops the sandbox and keeps what resuming needs; returns the snapshot's reference. */
    String pause(String sandboxId);

    /** Starts a sandbox again from a snapshot of {@link #pause}; returns once its agent answers. */
    Sandbox resume(String snapshot, SandboxSpec spec);

    /** Deletes a snapshot that will not be resumed. Unknown references are ignored. */
    void discardSnapshot(String snapshot);
}
