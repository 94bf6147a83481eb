package dev.tabbi.sessions.internal;

import dev.tabbi.platform.ClusterBus;
import dev.tabbi.sessions.EventType;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The feed of every session: each event a client may see ({@link FeedEvent}) goes through here: it is stored in PostgreSQL with the session's next id, and
 * whoever follows the session, on any node, is woken to send it. Streams that
 * a client reopens with {@code Last-Event-ID} are served from the same store, so nothing is lost or repeated.
 */
@ApplicationScoped
public class SessionFeed {

    @Inject
    SessionSecrets secrets;
    private static final Logger LOG = Logger.getLogger(SessionFeed.class.getName());
    private static final String CHANNEL = "session-events";
    private static final int BATCH = 200;
    private static final Jsonb JSONB = JsonbBuilder.create();

    /** The JSON of one frame's {@code data:} line, as the contract has it. */
    @JsonbPropertyOrder({"type", "data", "timestamp"})
    public record Frame(String type, Map<String, Object> data, String timestamp) {
    }

    /** One stored event, ready to be sent: its id, its type and the JSON of its data line. */
    public record Entry(long id, EventType type, String json) {
    }

    @Inject
    ClusterBus bus;

    @Resource
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "sessions.events.retained", defaultValue = "1000")
    int retained;

    private DatabaseSessionEventLog log;
    private SessionTails tails;
    /** Sessions with a fan-out waiting to run, and with a safety-net check waiting: each runs once for many wakes. */
    private final Set<UUID> fanOutsDue = ConcurrentHashMap.newKeySet();
    private final Set<UUID> checksDue = ConcurrentHashMap.newKeySet();
    private ClusterBus.Subscription subscription;
    private final Map<UUID, Set<Following>> followers = new ConcurrentHashMap<>();

    @Resource(lookup = dev.tabbi.platform.AppDataSource.JNDI_NAME)
    javax.sql.DataSource dataSource;

    @PostConstruct
    void open() {
        log = new DatabaseSessionEventLog(dataSource, retained);
        tails = new SessionTails(log, BATCH);
        subscription = bus.subscribe(CHANNEL, message -> wake(UUID.fromString(message)));
    }

    @PreDestroy
    void close() {
        subscription.close();
    }

    /** Stores an event of the session and wakes its followers on every node; returns it with its id. */
    public Entry publish(UUID sessionId, FeedEvent event) {
        return publishAll(sessionId, List.of(event)).get(0);
    }

    /** As {@link #publish}, for events stored together under consecutive ids (one write, one wake-up for all). */
    @SuppressWarnings("unchecked")
    public List<Entry> publishAll(UUID sessionId, List<FeedEvent> events) {
        // the session's secrets never reach the log, whoever published: the agent, an error, a pull request
        SecretRedaction redaction = secrets.redaction(sessionId);
        String now = Instant.now().toString();
        List<String> frames = events.stream().map(event -> JSONB.toJson(new Frame(event.type().wireName(),
                (Map<String, Object>) redaction.applyDeep(event.data()), now))).toList();
        List<SessionEventLog.StoredEvent> stored = log.appendAll(sessionId, frames);
        wake(sessionId); // followers here need not wait for the bus (which is down with Redis)
        try {
            bus.publish(CHANNEL, sessionId.toString());
        } catch (RuntimeException e) {
            // followers on other nodes catch up at their next wake-up or heartbeat; the events themselves are stored
            LOG.warning("sessions.events_notify_failed session_id=" + sessionId + " error=\"" + e.getClass().getSimpleName() + "\"");
        }
        List<Entry> entries = new java.util.ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            entries.add(new Entry(stored.get(i).id(), events.get(i).type(), frames.get(i)));
        }
        return entries;
    }

    /** A turn's way into the feed: its events written in batches, in order, while the agent goes on streaming. */
    FeedBatches batches(UUID sessionId) {
        return new FeedBatches(sessionId, this, executor);
    }

    /**
     * Sends the session's events after {@code afterId} to the follower, then every new one as it is published,
     * until the follower reports its client gone or the following is closed.
     */
    public Following follow(UUID sessionId, long afterId, FeedFollower follower) {
        Following following = new Following(sessionId, afterId, follower);
        followers.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet()).add(following);
        executor.execute(following::drain); // its replay, from the log
        return following;
    }

    /**
     * At shutdown, once this node's turns ended or were handed over: every stream still open here is caught up and
     * closed, and its client reconnects through the load balancer with {@code Last-Event-ID}, losing nothing.
     */
    void onDraining(@jakarta.enterprise.event.Observes @jakarta.annotation.Priority(
            jakarta.interceptor.Interceptor.Priority.APPLICATION + 100) dev.tabbi.platform.NodeDraining draining) {
        int closed = 0;
        for (Set<Following> set : followers.values()) {
            for (Following following : set) {
                following.drain();
                following.close();
                following.follower.disconnect();
                closed++;
            }
        }
        LOG.info("sessions.streams_handed_over count=" + closed);
    }

    /** Whether a client on this node follows the session's events right now. */
    public boolean followed(UUID sessionId) {
        Set<Following> set = followers.get(sessionId);
        return set != null && !set.isEmpty();
    }

    /** The id of the session's latest event (0 when none): where a stream of what comes next starts. */
    public long lastId(UUID sessionId) {
        return log.lastId(sessionId);
    }

    /** Drops the events of sessions that saw none for {@code age} (ended sessions' events end this way). */
    public int purgeOlderThan(Duration age) {
        return log.purgeOlderThan(age);
    }

    /** New events: the session's followers here get them, from one read of the log ({@link SessionTails}). */
    private void wake(UUID sessionId) {
        if (followed(sessionId) && fanOutsDue.add(sessionId)) {
            executor.execute(() -> {
                fanOutsDue.remove(sessionId); // before the read: a wake during it schedules another
                fanOut(sessionId, false);
            });
        }
    }

    private void fanOut(UUID sessionId, boolean ifQuiet) {
        Set<Following> set = followers.get(sessionId);
        if (set == null) {
            return;
        }
        try {
            List<Entry> recent = tails.refresh(sessionId, ifQuiet);
            if (recent != null) {
                deliverToAll(List.copyOf(set), recent);
            }
        } catch (RuntimeException e) {
            LOG.warning("sessions.follow_failed session_id=" + sessionId + " error=\"" + e.getClass().getSimpleName() + "\"");
        }
    }

    /**
     * Each following gets the events, its share of them written by one of up to {@value #WRITERS} threads (one SSE
     * write and flush per follower: on one thread, a crowd's last follower waited for all the writes before it).
     * Order holds: a following takes its events in order, under its own lock, whichever fan-out reaches it first.
     */
    private void deliverToAll(List<Following> all, List<Entry> recent) {
        int writers = Math.min(WRITERS, (all.size() + MIN_SHARE - 1) / MIN_SHARE);
        int share = writers <= 1 ? all.size() : (all.size() + writers - 1) / writers;
        for (int from = share; from < all.size(); from += share) {
            List<Following> part = all.subList(from, Math.min(all.size(), from + share));
            try {
                executor.execute(() -> part.forEach(following -> following.deliver(recent)));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                part.forEach(following -> following.deliver(recent)); // every thread busy: this one writes them
            }
        }
        all.subList(0, Math.min(all.size(), share)).forEach(following -> following.deliver(recent));
    }

    private static final int WRITERS = 4;
    private static final int MIN_SHARE = 5;

    /** One client following one session: a cursor, and a drain that runs on a managed thread when woken. */
    public final class Following implements AutoCloseable {
        private final UUID sessionId;
        private final FeedFollower follower;
        private long cursor;
        private volatile boolean open = true;

        private Following(UUID sessionId, long afterId, FeedFollower follower) {
            this.sessionId = sessionId;
            this.follower = follower;
            this.cursor = afterId;
        }

        /**
         * A safety net followers call on their heartbeat, should a wake-up from another node have been lost: the
         * session's log is read again, at most once a second for all its followers here.
         */
        public void wake() {
            if (open && checksDue.add(sessionId)) {
                executor.execute(() -> {
                    checksDue.remove(sessionId);
                    fanOut(sessionId, true);
                });
            }
        }

        /** The session's newest events (oldest first): those after the cursor are sent, or read from the log when it is older. */
        private synchronized void deliver(List<Entry> recent) {
            if (!open || recent.isEmpty() || cursor >= recent.get(recent.size() - 1).id()) {
                return;
            }
            if (cursor + 1 < recent.get(0).id()) {
                drain(); // behind what the tail holds: from the log
                return;
            }
            for (Entry entry : recent) {
                if (entry.id() > cursor) {
                    if (!follower.deliver(entry)) {
                        close();
                        return;
                    }
                    cursor = entry.id();
                }
            }
        }

        /** Sends what the log holds for this follower now, on the caller's thread, before it ends the stream. */
        public void catchUp() {
            if (open) {
                drain();
            }
        }

        private synchronized void drain() {
            try {
                while (open) {
                    SessionEventLog.Replay replay = log.after(sessionId, cursor, BATCH);
                    if (replay.resync()) {
                        if (!follower.resync(replay.resyncFrom())) {
                            close();
                            return;
                        }
                        cursor = replay.resyncFrom() - 1;
                    }
                    for (SessionEventLog.StoredEvent stored : replay.events()) {
                        if (!follower.deliver(new Entry(stored.id(), SessionTails.typeOf(stored.frame()), stored.frame()))) {
                            close();
                            return;
                        }
                        cursor = stored.id();
                    }
                    if (replay.events().size() < BATCH) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warning("sessions.follow_failed session_id=" + sessionId + " error=\"" + e.getClass().getSimpleName() + "\"");
            }
        }

        @Override
        public void close() {
            open = false;
            Set<Following> set = followers.get(sessionId);
            if (set != null) {
                set.remove(this);
                followers.computeIfPresent(sessionId, (id, s) -> {
                    if (!s.isEmpty()) {
                        return s;
                    }
                    tails.forget(id);
                    return null;
                });
            }
        }
    }
}
