package dev.tabbi.devserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure the local sandboxes find OpenCode: {@code SANDBOX_LOCAL_OPENCODE}, {@code opencode} on the PATH, or
 * the npm package in the build's cache, installed there with npm if missing (the same place and version as
 * {@code .ci/run}). Without npm it says what to do; the dashboard still runs, sessions fail to start until then.
 */
final class DevOpenCode {
    static final String VERSION = "1.18.33";
    static final Path HOME = Path.of(System.getProperty("user.home"), ".cache/tabbi/opencode");
    static final Path CACHED = HOME.resolve("node_modules/opencode-ai/bin/opencode.exe");

    private DevOpenCode() {
    }

    static void ensure(Optional<String> configured) throws InterruptedException {
        if (configured.isPresent() || Files.isExecutable(CACHED) || onPath("opencode")) {
            return;
        }
        if (!onPath("npm")) {
            say("OpenCode is not installed and npm is not available: install Node.js 20+ with npm and run again, or "
                    + "set SANDBOX_LOCAL_OPENCODE to an opencode binary. The dashboard runs; sessions cannot start.");
            return;
        }
        say("installing opencode-ai " + VERSION + " with npm into " + HOME + " (once)");
        try {
            Files.createDirectories(HOME);
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                    "opencode-ai@" + VERSION).directory(HOME.toFile()).inheritIO().start();
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                say("npm could not install opencode-ai; sessions cannot start until it is installed");
            }
        } catch (IOException e) {
            say("npm could not be run (" + e.getMessage() + "); sessions cannot start until opencode-ai is installed");
        }
    }

    /** Whether {@code command} is an executable on the PATH. */
    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static void say(String message) {
        System.out.println("[tabbi-dev] " + message);
    }
}
