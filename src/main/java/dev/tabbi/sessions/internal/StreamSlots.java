package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Node;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Slots for open event streams, capped per user and per key across all nodes ({@link OpenStreams}). This node
 * renews the slots of the streams it serves every {@value #RENEW_SECONDS} s; a slot it no longer renews (the node
 * died, or a release was lost) lapses after {@link #HOLD}.
 */
@ApplicationScoped
public class StreamSlots {
    private static final Logger LOG = Logger.getLogger(StreamSlots.class.getName());
    static final long RENEW_SECONDS = 10;
    static final Duration HOLD = Duration.ofSeconds(3 * RENEW_SECONDS);

    @Inject
    OpenStreams table;

    @Inject
    Node node;

    @Inject
    SessionsConfiguration configuration;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Set<UUID> here = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> renewal;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        renewal = scheduler.scheduleWithFixedDelay(this::renew, RENEW_SECONDS, RENEW_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (renewal != null) {
            renewal.cancel(false);
        }
    }

    /**
     * A slot for one more stream of the user's, sent with {@code keyId} ({@code null}: the dashboard), or 429
     * {@code TOO_MANY_STREAMS}. The returned action gives it back; running it more than once does nothing more.
     */
    public Runnable take(UUID userId, UUID keyId) {
        UUID slot = UUID.randomUUID();
        here.add(slot); // first: a renewal drops this node's rows it does not know
        try {
            table.take(slot, userId, keyId, node.id(), HOLD, configuration.maxStreamsPerUser(), configuration.maxStreamsPerKey());
        } catch (RuntimeException e) {
            here.remove(slot);
            throw e;
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                here.remove(slot);
                try {
                    table.release(slot);
                } catch (RuntimeException e) {
                    LOG.warning("sessions.stream_slot_release_failed error=\"" + e.getClass().getSimpleName() + "\"");
                }
            }
        };
    }

    /** Streams open on this node (a gauge). */
    public int openHere() {
        return here.size();
    }

    void renew() {
        try {
            table.renew(node.id(), Set.copyOf(here), HOLD, Duration.ofSeconds(RENEW_SECONDS));
        } catch (RuntimeException e) {
            LOG.warning("sessions.stream_slots_renewal_failed node=" + node.id() + " error=\"" + e.getClass().getSimpleName() + "\"");
        }
    }
}
