package dev.tabbi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * nginx from Debian's packages running the compose file's proxy configuration ({@code docker/nginx/tabbi.conf})
 * unchanged but for where it listens, the app it forwards to, and TLS: the proxying server listens in plain HTTP here
 * (its TLS is checked by DeploymentComposeGuideIT), the redirecting one on a port of its own.
 */
public final class ShippedNginx implements AutoCloseable {
    private final int port = FreePort.pick();
    private final Process process;

    public ShippedNginx(Path work, URI app) {
        try {
            Files.createDirectories(work);
            String site = Files.readString(Paths.project().resolve("docker/nginx/tabbi.conf"))
                    .replace("server app:8080;", "server 127.0.0.1:" + app.getPort() + ";")
                    .replace("listen 80;", "listen 127.0.0.1:" + FreePort.pick() + ";")
                    .replace("listen 443 ssl http2;", "listen 127.0.0.1:" + port + ";")
                    .replaceAll("(?m)^\\s*(listen \\[::\\]|ssl_).*\\n", "");
            if (!site.contains("127.0.0.1:" + port) || !site.contains("127.0.0.1:" + app.getPort())) {
                throw new AssertionError("docker/nginx/tabbi.conf no longer has the listen and upstream lines this test adapts");
            }
            Files.writeString(work.resolve("tabbi.conf"), site);
            Path main = Files.writeString(work.resolve("nginx.conf"), """
                    daemon off;
                    pid %s;
                    error_log %s warn;
                    events { worker_connections 256; }
                    http {
                      access_log off;
                      client_body_temp_path %s;
                      proxy_temp_path %s;
                      include %s;
                    }
                    """.formatted(work.resolve("nginx.pid"), work.resolve("error.log"), work.resolve("body"),
                    work.resolve("proxy"), work.resolve("tabbi.conf")));
            process = new ProcessBuilder("nginx", "-c", main.toString(), "-p", work.toString()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("nginx.out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("nginx is needed (.ci/run installs it)", e);
        }
        LocalDaemon.awaitListening(process, port, work.resolve("nginx.out"));
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    @Override
    public void close() {
        LocalDaemon.stop(process);
    }
}
