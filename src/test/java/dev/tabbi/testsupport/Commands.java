package dev.tabbi.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command of the project (a script, a tool) in the project's folder, as an operator would. */
public final class Commands {
    private Commands() {
    }

    /** What a command did: its exit status and its output (standard output and errors together). */
    public record Result(int exit, String output) {
    }

    /** Runs {@code command} with {@code env} added to this process's environment; fails past {@code limit}. */
    public static Result run(Map<String, String> env, List<String> command, Duration limit)
            throws IOException, InterruptedException {
        return run(Paths.project(), env, command, limit);
    }

    /** Runs {@code command} in {@code directory} (e.g. a copy of the project). */
    public static Result run(java.nio.file.Path directory, Map<String, String> env, List<String> command, Duration limit)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + limit);
        }
        return new Result(process.exitValue(), output);
    }
}
