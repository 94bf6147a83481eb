package dev.tabbi.testsupport;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** A server program from Debian's packages that a test runs on a port of loopback (HAProxy, nginx). */
final class LocalDaemon {

    private LocalDaemon() {
    }

    /** Waits (10 s at most) until the program listens on {@code port}; fails at once if it exits. */
    static void awaitListening(Process process, int port, Path output) {
        Instant deadline = Instant.now().plusSeconds(10);
        for (int attempt = 0; !listens(port); attempt++) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("it did not start listening on " + port + "; see " + output);
            }
            Poll.pause(attempt);
        }
    }

    static boolean listens(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, then SIGKILL if it is still there after 10 s. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
