package dev.tabbi.sandbox.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * What the local provider asks of the host: helper commands (git, tar) run to their end with a time limit,
 * process trees stopped, directories removed.
 */
final class HostCommands {
    private static final Logger LOG = Logger.getLogger(HostCommands.class.getName());
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private HostCommands() {
    }

    static void git(Path directory, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        run(directory, Duration.ofSeconds(30), command.toArray(String[]::new));
    }

    static void run(Path directory, Duration timeout, String... command) throws IOException {
        run(directory, timeout, Map.of(), null, command);
    }

    /** Runs a helper command (git, tar) to its end; output goes to {@code output}, or nowhere. */
    static void run(Path directory, Duration timeout, Map<String, String> env, Path output, String... command)
            throws IOException {
        // an environment from nothing: the server's secrets stay out of every helper command
        ProcessBuilder builder = Confinement.builder(List.of(command), env).directory(directory.toFile())
                .redirectErrorStream(output == null)
                .redirectOutput(output == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(output.toFile()));
        if (output != null) {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(command[0] + " " + command[1] + " failed in the sandbox");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command[0], e);
        }
    }

    /** Removes what is inside {@code dir}, keeping the directory itself. */
    static void emptyQuietly(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            children.forEach(HostCommands::deleteQuietly);
        } catch (IOException | UncheckedIOException e) {
            LOG.warning("sandbox.cleanup_failed dir=" + dir.getFileName());
        }
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warning("sandbox.cleanup_failed dir=" + dir.getFileName());
        }
    }

    static void stopProcess(Process process) {
        stopTree(process.toHandle());
    }

    /**
     * The agent and whatever it started (shells, tools): asked to stop, then killed if the agent lingers. Only the
     * agent itself is waited for: the others may be in a namespace of their own, where once stopped they wait for
     * a reaper that is not this server, and the kernel ends a PID namespace's processes with its first one anyway.
     */
    static void stopTree(ProcessHandle agent) {
        List<ProcessHandle> tree = Stream.concat(agent.descendants(), Stream.of(agent)).toList();
        tree.forEach(ProcessHandle::destroy);
        try {
            agent.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // lingering: killed below
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Kills what an agent's tools are running (a shell and what it started) in the tree under {@code sandbox}; the
     * agent itself stays, with its socket relays and the git commands it runs on its own (its snapshots, which the
     * end of a turn waits for).
     */
    static void stopTools(ProcessHandle sandbox) {
        long agent = sandbox.descendants().filter(p -> p.info().command().map(c -> c.contains("opencode")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
        sandbox.descendants().filter(process -> process.info().command().map(command -> !command.endsWith("/bwrap")
                        && !command.endsWith("/socat") && !command.contains("opencode")
                        && !(command.endsWith("/git") && process.parent().map(ProcessHandle::pid).orElse(-1L) == agent))
                        .orElse(true))
                .forEach(ProcessHandle::destroyForcibly);
    }

    /** The last {@code lines} lines of a file, reading no more than its last {@code maxBytes}; none if unreadable. */
    static List<String> tail(Path file, int lines, long maxBytes) {
        try (var in = new java.io.RandomAccessFile(file.toFile(), "r")) {
            long from = Math.max(0, in.length() - maxBytes);
            byte[] bytes = new byte[(int) (in.length() - from)];
            in.seek(from);
            in.readFully(bytes);
            List<String> all = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            return all.subList(Math.max(0, all.size() - Math.max(0, lines)), all.size());
        } catch (IOException e) {
            return List.of();
        }
    }
}
