package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.SandboxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Paused local sandboxes: what resuming needs (the workspace, the agent's conversations, skills, settings) as
 * {@code <dir>/<id>.tar.gz}, named by the sandbox id, since a resumed agent knows its project by that directory.
 * Archives are written from a real directory and unpacked without their owners (the resumed sandbox's user is
 * given everything afterwards).
 */
final class LocalSnapshots {
    private static final Logger LOG = Logger.getLogger(LocalSnapshots.class.getName());
    private static final Duration TIME_LIMIT = Duration.ofMinutes(5);

    private final Path dir;
    private final List<String> kept;
    private final String optional;

    /** {@code kept}: what every snapshot holds; {@code optional}: one more file, when the sandbox has it. */
    LocalSnapshots(Path dir, List<String> kept, String optional) {
        this.dir = dir;
        this.kept = List.copyOf(kept);
        this.optional = optional;
    }

    void write(Path sandboxDir, String sandboxId) {
        try {
            Files.createDirectories(dir);
            List<String> command = new ArrayList<>(List.of("tar", "-czf", archive(sandboxId).toString()));
            command.addAll(kept);
            if (Files.exists(sandboxDir.resolve(optional))) {
                command.add(optional);
            }
            HostCommands.run(sandboxDir, TIME_LIMIT, command.toArray(String[]::new));
        } catch (IOException e) {
            throw new SandboxException("the sandbox's snapshot could not be written", e);
        }
    }

    /** Unpacks the snapshot into a prepared sandbox directory. */
    void restore(String sandboxId, Path sandboxDir) {
        Path archive = archive(sandboxId);
        if (!Files.isRegularFile(archive)) {
            HostCommands.deleteQuietly(sandboxDir);
            throw new SandboxException("the session's snapshot is gone");
        }
        try {
            HostCommands.run(sandboxDir, TIME_LIMIT, "tar", "--no-same-owner", "-xzf", archive.toString());
        } catch (IOException e) {
            HostCommands.deleteQuietly(sandboxDir);
            throw new SandboxException("the sandbox's snapshot could not be restored", e);
        }
    }

    void discard(String sandboxId) {
        try {
            Files.deleteIfExists(archive(sandboxId));
        } catch (IOException e) {
            LOG.warning("sandbox.snapshot_delete_failed id=" + sandboxId);
        }
    }

    private Path archive(String sandboxId) {
        if (!sandboxId.matches("sbx_[0-9a-f]{16}")) {
            throw new SandboxException("not a snapshot of this provider");
        }
        return dir.resolve(sandboxId + ".tar.gz");
    }
}
