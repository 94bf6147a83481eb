package dev.tabbi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy from Debian's packages in front of the cluster's nodes, as an operator would run it: round robin, no
 * affinity of any kind, each node checked on {@code /health/ready} twice a second, and a request retried on another
 * node only when it never reached the first (a refused connection), never once a node may have acted on it. The
 * admin socket drains and enables nodes, like a rolling update's pre-stop step.
 */
public final class LoadBalancer implements AutoCloseable {
    private final int port = FreePort.pick();
    private final int adminPort = FreePort.pick();
    private final Process process;

    /**
     * @param nodes the nodes' ports, named n1, n2, … in this order
     * @param serving how many of them take traffic from the start; the others wait in maintenance until enabled
     */
    public LoadBalancer(Path work, List<Integer> nodes, int serving) {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            servers.append("  server n").append(i + 1).append(" 127.0.0.1:").append(nodes.get(i)).append(" check")
                    .append(i < serving ? "" : " disabled").append("\n");
        }
        String config = """
                global
                  maxconn 2000
                  stats socket ipv4@127.0.0.1:%d level admin
                defaults
                  mode http
                  timeout connect 2s
                  timeout client 10m
                  timeout server 10m
                  timeout http-request 30s
                  option redispatch
                  retries 2
                  retry-on conn-failure
                frontend tabbi
                  bind 127.0.0.1:%d
                  default_backend nodes
                backend nodes
                  balance roundrobin
                  option httpchk GET /health/ready
                  http-check expect status 200
                  default-server inter 500ms fall 2 rise 1
                %s""".formatted(adminPort, port, servers);
        try {
            Files.createDirectories(work);
            Path file = Files.writeString(work.resolve("haproxy.cfg"), config);
            process = new ProcessBuilder("haproxy", "-db", "-f", file.toString()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("haproxy.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("haproxy is needed (.ci/run installs it)", e);
        }
        LocalDaemon.awaitListening(process, port, work.resolve("haproxy.log"));
    }

    /** Where clients reach the cluster. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Sends no new requests to the node (those under way go on): what a pre-stop hook waits for. */
    public void drain(int node) {
        admin("set server nodes/n" + node + " state drain");
    }

    /** Takes the node back into rotation (its health checks still decide whether it gets traffic). */
    public void enable(int node) {
        admin("set server nodes/n" + node + " state ready");
    }

    /** Whether HAProxy sees the node up (health checks passing and not drained). */
    public boolean isUp(int node) {
        String stat = admin("show stat");
        return stat.lines().anyMatch(line -> line.startsWith("nodes,n" + node + ",") && line.contains(",UP,"));
    }

    /** Waits until HAProxy's health checks see the node up (they run twice a second). */
    public void awaitUp(int node) {
        Instant deadline = Instant.now().plusSeconds(30);
        for (int attempt = 0; !isUp(node); attempt++) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("haproxy never saw n" + node + " up");
            }
            Poll.pause(attempt);
        }
    }

    private String admin(String command) {
        try (Socket socket = new Socket("127.0.0.1", adminPort)) {
            socket.setSoTimeout((int) Duration.ofSeconds(5).toMillis());
            socket.getOutputStream().write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("haproxy's admin socket did not answer " + command, e);
        }
    }

    @Override
    public void close() {
        LocalDaemon.stop(process);
    }
}
