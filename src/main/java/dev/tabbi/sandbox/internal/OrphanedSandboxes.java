package dev.tabbi.sandbox.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** What a crashed predecessor of the local provider left: sandbox directories and processes no session owns. */
final class OrphanedSandboxes {
    private static final Logger LOG = Logger.getLogger(OrphanedSandboxes.class.getName());

    private OrphanedSandboxes() {
    }

    /**
     * Every sandbox directory under {@code root} that is not {@code running}: its agent (found by the pid file, and
     * only if that process still is an opencode server) and its socket relays are stopped with everything they
     * started, and the directory removed. Returns the ids reaped.
     */
    static List<String> reap(Path root, Set<String> running, String pidFile) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> reaped = new java.util.ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("sbx_")).toList()) {
                if (running.contains(dir.getFileName().toString())) {
                    continue;
                }
                orphanAgent(dir, pidFile).ifPresent(HostCommands::stopTree);
                relaysOf(dir).forEach(HostCommands::stopTree);
                HostCommands.deleteQuietly(dir);
                reaped.add(dir.getFileName().toString());
            }
        } catch (IOException e) {
            LOG.warning("sandbox.reap_failed error=\"" + e.getClass().getSimpleName() + "\"");
        }
        if (!reaped.isEmpty()) {
            LOG.info("sandbox.reaped_orphans count=" + reaped.size());
        }
        return reaped;
    }

    private static java.util.Optional<ProcessHandle> orphanAgent(Path dir, String pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve(pidFile)).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains("opencode") && c.contains(" serve")).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** The socket relays a crashed predecessor left for a sandbox: their command names its {@code run} directory. */
    private static List<ProcessHandle> relaysOf(Path dir) {
        String run = dir.resolve("run") + " ";
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.startsWith("bwrap") || c.contains("/bwrap ")).orElse(false)
                && p.info().commandLine().get().contains(run)).toList();
    }
}
