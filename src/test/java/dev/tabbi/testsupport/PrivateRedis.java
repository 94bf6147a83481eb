package dev.tabbi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * A Redis server of its own ({@code redis-server} on a free port, nothing kept on disk) for tests that stop and
 * restart Redis under a running app without disturbing the Redis everything else shares.
 */
public final class PrivateRedis implements AutoCloseable {
    private final int port = FreePort.pick();
    private Process process;

    public PrivateRedis() {
        start();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server and waits until it answers PING. */
    public synchronized void start() {
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server is needed (.ci/run installs it)", e);
        }
        Instant deadline = Instant.now().plusSeconds(10);
        for (int attempt = 0; Instant.now().isBefore(deadline); attempt++) {
            try (Jedis jedis = new Jedis("127.0.0.1", port, 200)) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Poll.pause(attempt);
        }
        throw new IllegalStateException("the private redis-server did not start");
    }

    /** Stops the server (its data is gone). */
    public synchronized void stop() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
