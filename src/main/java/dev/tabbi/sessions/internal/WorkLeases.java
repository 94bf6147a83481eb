package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Node;
import dev.tabbi.platform.NodeDraining;
import dev.tabbi.sandbox.SandboxLifecycle;
import dev.tabbi.sessions.SessionStatus;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Starts and turns are owned by the node running them, under a lease this node renews every third of its length.
 * Every node also looks for lapsed leases (a node died: kill -9, out of memory, evicted) and reclaims that work:
 * a turn ends with an {@code error} event {@code NODE_LOST} and its session goes back to {@code idle} if its sandbox
 * still answers, or fails; a start fails. Nothing is run again. A node that finds its own lease taken over (it
 * stalled past it) stops its turn. At shutdown, the node lets its work finish until the drain deadline, then hands
 * what remains over at once.
 */
@ApplicationScoped
public class WorkLeases {
    private static final Logger LOG = Logger.getLogger(WorkLeases.class.getName());
    static final String NODE_LOST = "NODE_LOST";

    @Inject
    Node node;

    @Inject
    SessionLeases leases;

    @Inject
    WebhookOutbox webhooks;

    @Inject
    SessionFailures failures;

    @Inject
    MessageHistory history;

    @Inject
    SessionStore store;

    @Inject
    LiveSandboxes live;

    @Inject
    SandboxLifecycle sandboxes;

    @Inject
    SessionFeed events;

    @Inject
    SessionsConfiguration configuration;

    /**
     * Renewal and reclaim get threads of their own: the server's shared scheduled executor runs every timer of the
     * app on one thread by default, where a slow stream heartbeat or sandbox call would delay renewals past the lease
     * and make other nodes reclaim live work.
     */
    @Resource
    ManagedThreadFactory threads;

    private ScheduledExecutorService clock;

    private final Set<UUID> here = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> renewal;
    private ScheduledFuture<?> reclaim;
    private volatile long lastCheckEnded;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        long renewEvery = configuration.lease().toMillis() / 3;
        clock = Executors.newScheduledThreadPool(2, threads); // one each: a slow reclaim never holds up renewal
        renewal = clock.scheduleWithFixedDelay(this::renew, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        long checkEvery = configuration.reclaimCheck().toMillis();
        reclaim = clock.scheduleWithFixedDelay(this::reclaimLapsed, checkEvery, checkEvery, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        for (ScheduledFuture<?> task : new ScheduledFuture<?>[] {renewal, reclaim}) {
            if (task != null) {
                task.cancel(false);
            }
        }
        if (clock != null) {
            clock.shutdown();
        }
    }

    /** This node starts running the session's start or turn (its lease was taken with the status change). */
    void begin(UUID sessionId) {
        here.add(sessionId);
    }

    /** … and is done with it. */
    void end(UUID sessionId) {
        here.remove(sessionId);
        synchronized (here) {
            here.notifyAll();
        }
    }

    void renew() {
        Set<UUID> mine = Set.copyOf(here);
        try {
            Set<UUID> lost = new HashSet<>(mine);
            lost.removeAll(leases.renew(mine));
            for (UUID sessionId : lost) {
                if (here.contains(sessionId)) {
                    LOG.warning("sessions.lease_lost session_id=" + sessionId + " node=" + node.id());
                    live.get(sessionId).ifPresent(sandbox -> sandbox.agent().abort());
                }
            }
        } catch (RuntimeException e) {
            LOG.warning("sessions.lease_renewal_failed node=" + node.id() + " error=\"" + e.getClass().getSimpleName() + "\"");
        }
    }

    void reclaimLapsed() {
        if (node.isDraining()) {
            return; // a node on its way out takes on nobody's work: its own handed-over turns are for the others
        }
        if (justResumed()) {
            return;
        }
        try {
            for (SessionLeases.Lapsed lapsed : leases.lapsed(50)) {
                if (!here.contains(lapsed.sessionId()) && leases.takeOver(lapsed)) {
                    reclaim(lapsed);
                }
            }
        } catch (RuntimeException e) {
            LOG.warning("sessions.reclaim_failed node=" + node.id() + " error=\"" + e.getClass().getSimpleName() + "\"");
        } finally {
            lastCheckEnded = System.nanoTime();
        }
    }

    /**
     * Whether this check comes far later than it should (this node, or the whole machine or VM, was paused: a
     * 45 s stall of every process has been seen). The owners of leases that look lapsed now may have been paused
     * just as long and are about to renew: this round judges nobody, the next one does.
     */
    private boolean justResumed() {
        long now = System.nanoTime();
        long gap = lastCheckEnded == 0 ? 0 : now - lastCheckEnded;
        if (gap > 2 * configuration.reclaimCheck().toNanos() + TimeUnit.SECONDS.toNanos(1)) {
            lastCheckEnded = now;
            LOG.warning("sessions.reclaim_skipped node=" + node.id() + " late_by_ms=" + TimeUnit.NANOSECONDS.toMillis(gap)
                    + " reason=\"this node was paused; owners get a round to renew\"");
            return true;
        }
        return false;
    }

    private void reclaim(SessionLeases.Lapsed lapsed) {
        UUID sessionId = lapsed.sessionId();
        LOG.warning("sessions.work_reclaimed session_id=" + sessionId + " status=" + lapsed.status().wireName()
                + " lost_node=" + lapsed.ownerNode() + " node=" + node.id());
        webhooks.releaseLeasesOf(lapsed.ownerNode()); // its deliveries in flight go to the others now, not at their lease's end
        if (lapsed.status() == SessionStatus.STARTING) {
            failures.fail(sessionId, SessionStatus.STARTING, NODE_LOST,
                    "The server starting the session stopped before it was ready; create a new session", true);
            return;
        }
        // The verdict comes from the provider, asked by the row's sandbox id: a sandbox this node cannot attach to
        // right now is not thereby lost (a local provider's sandbox on the dead node is unknown here: not running).
        String sandboxId = store.find(sessionId).map(SessionEntity::sandboxId).orElse(null);
        Boolean running = sandboxId == null ? Boolean.FALSE : stillRunning(sandboxId);
        if (running == null) { // the platform did not answer: no verdict on a guess, another check decides
            LOG.warning("sessions.reclaim_deferred session_id=" + sessionId + " node=" + node.id());
            leases.letLapse(sessionId);
            return;
        }
        var sandbox = running ? live.get(sessionId) : Optional.<LiveSandboxes.Live>empty();
        LOG.info("sessions.reclaim_verdict session_id=" + sessionId + " sandbox_id=" + sandboxId + " running=" + running
                + " attached=" + sandbox.isPresent());
        String lost = "The server running this turn stopped before it finished; the message is kept, send it again if needed";
        history.failUnfinished(sessionId, lost);
        events.publish(sessionId, FeedEvent.turnFailed(NODE_LOST, lost));
        if (running) {
            sandbox.ifPresent(WorkLeases::abortLostTurn);
            store.moveOwned(sessionId, SessionStatus.RUNNING, SessionStatus.IDLE, null);
            events.publish(sessionId, FeedEvent.idle(sessionId));
        } else {
            failures.fail(sessionId, SessionStatus.RUNNING, null,
                    "the server running the session stopped and its sandbox was lost with it", true);
        }
    }

    /** The agent may still be at the lost turn; if it cannot be told now, that turn still ends at the turn timeout. */
    private static void abortLostTurn(LiveSandboxes.Live sandbox) {
        try {
            sandbox.agent().abort();
        } catch (RuntimeException e) {
            LOG.warning("sessions.lost_turn_abort_failed sandbox_id=" + sandbox.sandbox().id() + " error=\"" + e.getClass().getSimpleName() + "\"");
        }
    }

    /** Whether the sandbox runs; {@code null} when its platform could not say (unreachable, too slow). */
    private Boolean stillRunning(String sandboxId) {
        try {
            return sandboxes.isRunning(sandboxId);
        } catch (RuntimeException e) {
            LOG.warning("sessions.sandbox_status_unknown sandbox_id=" + sandboxId + " error=\"" + e.getClass().getSimpleName() + "\"");
            return null;
        }
    }

    /**
     * At shutdown (before the streams are closed): waits for the starts and turns of this node until the drain
     * deadline, then lets the leases of what still runs lapse so that another node reclaims it at once.
     */
    void onDraining(@Observes @Priority(Interceptor.Priority.APPLICATION) NodeDraining draining) {
        synchronized (here) {
            while (!here.isEmpty() && Instant.now().isBefore(draining.deadline())) {
                try {
                    here.wait(Math.max(1, java.time.Duration.between(Instant.now(), draining.deadline()).toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        stop();
        int handedOver = here.isEmpty() ? 0 : leases.handOver();
        LOG.info("sessions.drained node=" + node.id() + " handed_over=" + handedOver);
    }
}
