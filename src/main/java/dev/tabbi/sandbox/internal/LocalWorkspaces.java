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
            List<String> repositories = repositories(sandbox);
            if (repositories.isEmpty()) {
                String base = Files.readString(sandbox.dir().resolve(LocalSandboxDirectory.BASE_FILE)).strip();
                return Optional.of(reads.diff(sandbox.dir(), sandbox.uid(), base, maxBytes, "", ""));
            }
            StringBuilder all = new StringBuilder(); // each repository's, its paths under its directory
            for (String path : repositories) {
                all.append(reads.diff(sandbox.dir(), sandbox.uid(), base(sandbox, path), maxBytes - all.length(), path, path + "/"));
            }
            return Optional.of(all.toString());
        } catch (IOException e) {
            throw new SandboxException("the diff could not be computed", e);
        }
    }

    @Override
    public Optional<String> diff(String sandboxId, String repositoryPath, long maxBytes) {
        RunningLocalSandbox sandbox = running.apply(sandboxId);
        try {
            if (sandbox == null || !repositories(sandbox).contains(repositoryPath)) {
                return Optional.empty();
            }
            return Optional.of(reads.diff(sandbox.dir(), sandbox.uid(), base(sandbox, repositoryPath), maxBytes, repositoryPath, ""));
        } catch (IOException e) {
            throw new SandboxException("the diff could not be computed", e);
        }
    }

    @Override
    public boolean makesSeveralRepositories() {
        return true;
    }

    /** The directories of the sandbox's several repositories, sorted (none for a sandbox of one or no repository). */
    private static List<String> repositories(RunningLocalSandbox sandbox) throws IOException {
        Path bases = sandbox.dir().resolve(LocalSandboxDirectory.BASES_DIR);
        if (!Files.isDirectory(bases)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(bases)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static String base(RunningLocalSandbox sandbox, String path) throws IOException {
        return Files.readString(sandbox.dir().resolve(LocalSandboxDirectory.BASES_DIR).resolve(path)).strip();
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
