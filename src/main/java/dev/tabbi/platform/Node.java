package dev.tabbi.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This server among the nodes of one deployment: the id under which it owns work (unique for each start, so a
 * restarted node never mistakes its predecessor's work for its own) and whether it is shutting down. Draining
 * happens once: readiness goes false, new turns and streams are refused, and the {@link NodeDraining} observers
 * finish or hand over what runs here within {@link #drainTime()}.
 */
@ApplicationScoped
public class Node {
    private static final Logger LOG = Logger.getLogger(Node.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @ConfigProperty(name = "node.drain-seconds", defaultValue = "45")
    long drainSeconds;

    @Inject
    Event<NodeDraining> draining;

    private final String id = hostName() + "-" + HexFormat.of().formatHex(RANDOM.generateSeed(4));
    private final AtomicBoolean drainStarted = new AtomicBoolean();
    private volatile boolean drained;

    /** Who owns work on this node, as it is written next to that work. */
    public String id() {
        return id;
    }

    /** Whether this node is shutting down (it takes no new work). */
    public boolean isDraining() {
        return drainStarted.get();
    }

    /** How long running work may take to finish at shutdown before it is handed over to other nodes. */
    public Duration drainTime() {
        return Duration.ofSeconds(Math.max(0, drainSeconds));
    }

    /**
     * Drains this node and returns when that is done; called at shutdown from whichever comes first (the JVM's
     * shutdown hook or the app's undeployment). A second call waits for the first to finish.
     */
    public void drain() {
        if (!drainStarted.compareAndSet(false, true)) {
            awaitDrained();
            return;
        }
        LOG.info("node.draining node=" + id + " drain_seconds=" + drainTime().toSeconds());
        try {
            draining.fire(new NodeDraining(id, java.time.Instant.now().plus(drainTime())));
        } catch (RuntimeException e) {
            LOG.warning("node.drain_failed node=" + id + " error=\"" + e.getClass().getSimpleName() + "\"");
        } finally {
            synchronized (this) {
                drained = true;
                notifyAll();
            }
            LOG.info("node.drained node=" + id);
        }
    }

    private synchronized void awaitDrained() {
        long deadline = System.nanoTime() + drainTime().plusSeconds(5).toNanos();
        while (!drained && System.nanoTime() < deadline) {
            try {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "node";
            }
        }
        String safe = host.replaceAll("[^A-Za-z0-9.-]", "");
        return safe.isEmpty() ? "node" : safe.substring(0, Math.min(40, safe.length()));
    }
}
