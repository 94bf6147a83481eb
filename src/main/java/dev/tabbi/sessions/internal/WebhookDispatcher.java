package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Node;
import dev.tabbi.platform.NodeDraining;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Every node sends webhooks: it takes what is due from the outbox (at once when this node queued something, else
 * every poll interval), sends each on one of a few sender threads and records the outcome: delivered, to be tried
 * again after a jittered, doubling, capped delay, or given up after failing for a day, which disables the endpoint.
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    @Inject
    WebhookOutbox outbox;

    @Inject
    WebhookSender sender;

    @Inject
    WebhookEndpoints endpoints;

    @Inject
    WebhookDestinations destinations;

    @Inject
    WebhooksConfiguration configuration;

    @Inject
    Node node;

    @Resource
    ManagedThreadFactory threads;

    private final Object wake = new Object();
    private volatile boolean running;
    private boolean woken;
    private Semaphore free;
    private ExecutorService senders;
    private Thread loop;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        free = new Semaphore(configuration.senders());
        senders = Executors.newFixedThreadPool(configuration.senders(), threads);
        running = true;
        loop = threads.newThread(this::run);
        loop.start();
    }

    /** This node queued messages: look now rather than at the next poll. */
    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) WebhookOutbox.Queued queued) {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    void onDraining(@Observes NodeDraining draining) {
        stop();
    }

    @PreDestroy
    void stop() {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        if (senders != null) {
            senders.shutdown();
        }
    }

    private void run() {
        Instant nextPurge = Instant.now();
        while (running) {
            try {
                int taken = 0;
                int capacity = free.availablePermits();
                if (capacity > 0) {
                    var due = outbox.take(capacity, configuration.lease().toSeconds(), node.id());
                    for (WebhookOutbox.Due message : due) {
                        free.acquireUninterruptibly();
                        senders.execute(() -> deliver(message));
                    }
                    taken = due.size();
                }
                if (Instant.now().isAfter(nextPurge)) {
                    int purged = outbox.purge(configuration.retentionDays());
                    if (purged > 0) {
                        LOG.info("webhooks.purged messages=" + purged);
                    }
                    nextPurge = Instant.now().plus(PURGE_EVERY);
                }
                if (taken == 0) {
                    pause(configuration.poll());
                }
            } catch (RuntimeException e) {
                LOG.warning("webhooks.dispatch_failed error=\"" + e.getClass().getSimpleName() + "\"");
                pause(configuration.poll());
            }
        }
    }

    private void pause(Duration duration) {
        synchronized (wake) {
            if (!woken && running) {
                try {
                    wake.wait(duration.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    private void deliver(WebhookOutbox.Due message) {
        long started = System.nanoTime();
        try {
            URI url = URI.create(message.url());
            String refused = destinations.refusedNow(url);
            var secret = endpoints.secret(message.endpointId(), message.sealedSecret());
            WebhookSender.Outcome outcome = refused != null ? new WebhookSender.Outcome(null, refused)
                    : secret.isEmpty() ? new WebhookSender.Outcome(null, "the endpoint's secret cannot be opened")
                    : sender.send(url, secret.get(), message.id(), message.payload());
            record(message, outcome, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (RuntimeException e) {
            record(message, new WebhookSender.Outcome(null, "could not be delivered (" + e.getClass().getSimpleName() + ")"),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } finally {
            free.release();
            synchronized (wake) { // the next message of its session may be due now
                woken = true;
                wake.notifyAll();
            }
        }
    }

    private void record(WebhookOutbox.Due message, WebhookSender.Outcome outcome, long millis) {
        String where = "endpoint_id=" + message.endpointId() + " message_id=" + message.id()
                + (message.sessionId() == null ? "" : " session_id=" + message.sessionId()) + " type=" + message.type()
                + " attempt=" + message.attempt();
        if (outcome.delivered()) {
            outbox.delivered(message, outcome.statusCode(), millis, node.id());
            LOG.info("webhooks.delivered " + where + " status=" + outcome.statusCode() + " duration_ms=" + millis);
            return;
        }
        Instant retryAt = Instant.now().plus(configuration.retries().delay(message.attempt() - 1));
        boolean giveUp = retryAt.isAfter(message.firstTriedAt().plus(configuration.giveUpAfter()));
        outbox.failed(message, outcome.statusCode(), outcome.error(), millis, node.id(), giveUp ? null : retryAt);
        LOG.warning("webhooks.attempt_failed " + where + " error=\"" + outcome.error() + "\""
                + (giveUp ? " gave_up=true" : " retry_at=" + retryAt));
        if (giveUp) {
            endpoints.disable(message.endpointId(), "Disabled on " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                    + ": deliveries failed for " + configuration.giveUpAfter().toHours() + " hours (last: " + outcome.error()
                    + "). Enable it again once the receiver works; redeliver what it missed from the delivery log.");
            LOG.warning("webhooks.endpoint_disabled endpoint_id=" + message.endpointId());
        }
    }
}
