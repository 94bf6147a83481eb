package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxWorkspaces;
import dev.tabbi.sandbox.WorkspaceEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The workspaces of the local sandboxes that run, read for the API: files and diff through {@link LocalWorkspaceReads}
 * (fenced in as the agent is), the size as the disk quota sees it, and the tail of the agent's log.
 */
final class LocalWorkspaces implements SandboxWorkspaces {
    private static final long MAX_LOG_READ = 256 * 1024;

    private final Function<String, RunningLocalSandbox> running;
    private final LocalWorkspaceReads reads;

    /** {@code running}: the sandbox of an id while it runs, else null. */
    LocalWorkspaces(Function<String, RunningLocalSandbox> running, LocalWorkspaceReads reads) {
        this.running = running;
        this.reads = reads;
    }

    @Override
    public Optional<WorkspaceEntry> workspace(String sandboxId, String path, long maxBytes) {
        RunningLocalSandbox sandbox = running.apply(sandboxId);
        return sandbox == null ? Optional.empty() : reads.read(sandbox.dir(), sandbox.uid(), path, maxBytes);
    }

    @Override
    public Optional<String> diff(String sandboxId, long maxBytes) {
        RunningLocalSandbox sandbox = running.apply(sandboxId);
        if (sandbox == null) {
            return Optional.empty();
        }
        try {
            String base = Files.readString(sandbox.dir().resolve(LocalSandboxDirectory.BASE_FILE)).strip();
            return Optional.of(reads.diff(sandbox.dir(), sandbox.uid(), base, maxBytes));
        } catch (IOException e) {
            throw new SandboxException("the diff could not be computed", e);
        }
    }

    @Override
    public long workspaceBytes(String sandboxId) {
        RunningLocalSandbox sandbox = running.apply(sandboxId);
        if (sandbox == null) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(sandbox.dir().resolve("workspace"))) {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** The last lines of what the agent printed; only the log's last {@value #MAX_LOG_READ} bytes are read. */
    @Override
    public List<String> logs(String sandboxId, int tail) {
        RunningLocalSandbox sandbox = running.apply(sandboxId);
        return sandbox == null ? List.of() : HostCommands.tail(sandbox.dir().resolve("agent.log"), tail, MAX_LOG_READ);
    }
}
