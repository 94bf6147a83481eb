package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.GitSource;
import dev.tabbi.sandbox.SandboxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code git clone} into a sandbox. A token travels as an HTTP header set through git's environment
 * ({@code GIT_CONFIG_*}), so it appears neither in the process list, nor in the clone's {@code .git/config}, nor in
 * the URL; git never prompts and uses no credential helper of the host.
 */
final class GitClone {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private GitClone() {
    }

    /**
     * Clones {@code source} into the empty directory {@code target}; {@code what} names it in errors. A token is
     * attached only when the repository cannot be cloned without one (it is private): a public repository never
     * sees the owner's credentials.
     */
    static void into(Path target, GitSource source, String what) {
        if (source.token() == null) {
            attempt(target, source, what);
            return;
        }
        try {
            attempt(target, new GitSource(source.url(), source.ref(), null), what);
        } catch (SandboxException anonymousFailed) {
            HostCommands.emptyQuietly(target);
            attempt(target, source, what);
        }
    }

    private static void attempt(Path target, GitSource source, String what) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "credential.helper=", "clone", "--quiet"));
        if (source.ref() != null) {
            command.addAll(List.of("--branch", source.ref()));
        }
        command.addAll(List.of("--", source.url().toString(), "."));
        Path log;
        try {
            log = Files.createTempFile("clone", ".log");
        } catch (IOException e) {
            throw new SandboxException(what + " could not be cloned", e);
        }
        try {
            // nothing of the server's environment reaches git, nor what a hostile remote makes it run
            ProcessBuilder builder = Confinement.builder(command, Map.of()).directory(target.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            hygiene(builder.environment(), source.token());
            Process git = builder.start();
            if (!git.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                git.destroyForcibly();
                throw new SandboxException(what + " took longer than " + TIMEOUT.toMinutes() + " minutes to clone");
            }
            if (git.exitValue() != 0) {
                throw new SandboxException(what + " could not be cloned: " + lastLine(log));
            }
        } catch (IOException e) {
            throw new SandboxException(what + " could not be cloned", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while cloning " + what);
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // a temporary file; nothing secret in it
            }
        }
    }

    /**
     * A git environment that reads no configuration of the host, never prompts, and carries {@code token} (may be
     * null) as an HTTP header set through the environment, never on a command line or in a file.
     */
    static void hygiene(Map<String, String> env, String token) {
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_TERMINAL_PROMPT", "0");
        if (token != null) {
            String basic = Base64.getEncoder().encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8));
            env.put("GIT_CONFIG_COUNT", "1");
            env.put("GIT_CONFIG_KEY_0", "http.extraHeader");
            env.put("GIT_CONFIG_VALUE_0", "Authorization: Basic " + basic);
        }
    }

    /** The commit checked out in {@code workspace}, if it has one. */
    static Optional<String> head(Path workspace) throws IOException {
        Process git = Confinement.builder(List.of("git", "rev-parse", "--verify", "--quiet", "HEAD"), Map.of())
                .directory(workspace.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0 && out.matches("[0-9a-f]{40,64}")
                    ? Optional.of(out) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** git's last line of complaint, shortened; it names the problem (not found, authentication failed). */
    static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
        String last = lines.isEmpty() ? "git failed" : lines.get(lines.size() - 1).replaceFirst("^fatal: ", "");
        return last.length() > 200 ? last.substring(0, 200) : last;
    }
}
