package dev.tabbi.sessions.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The event log shared by every node: a Redis stream per session whose entry ids are {@code 0-<event id>}, next
 * to a counter. One Lua script takes the next id and appends under it, so ids are gap-free and in order whichever
 * node appends. Streams are trimmed to {@code maxEvents} and expire {@code ttl} after their last event.
 */
final class RedisSessionEventLog implements SessionEventLog {
    private static final String APPEND = """
            local id = redis.call('INCR', KEYS[2])
            redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[2], '0-' .. id, 'f', ARGV[1])
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            redis.call('EXPIRE', KEYS[2], ARGV[3])
            return id
            """;

    private final UnifiedJedis redis;
    private final UnaryOperator<String> keyOf;
    private final int maxEvents;
    private final Duration ttl;

    RedisSessionEventLog(UnifiedJedis redis, UnaryOperator<String> keyOf, int maxEvents, Duration ttl) {
        this.redis = redis;
        this.keyOf = keyOf;
        this.maxEvents = maxEvents;
        this.ttl = ttl;
    }

    @Override
    public StoredEvent append(UUID sessionId, String frame) {
        Object id = redis.eval(APPEND, List.of(stream(sessionId), counter(sessionId)),
                List.of(frame, Integer.toString(maxEvents), Long.toString(ttl.toSeconds())));
        return new StoredEvent((Long) id, frame);
    }

    @Override
    public long lastId(UUID sessionId) {
        String lastText = redis.get(counter(sessionId));
        return lastText == null ? 0 : Long.parseLong(lastText);
    }

    @Override
    public Replay after(UUID sessionId, long afterId, int max) {
        long lastId = lastId(sessionId);
        List<StreamEntry> first = redis.xrange(stream(sessionId), "-", "+", 1);
        long oldest = first.isEmpty() ? lastId + 1 : first.get(0).getID().getSequence();
        long from = afterId > lastId ? 0 : afterId;
        List<StoredEvent> events = new ArrayList<>();
        for (StreamEntry entry : redis.xrange(stream(sessionId), "0-" + (from + 1), "+", max)) {
            Map<String, String> fields = entry.getFields();
            events.add(new StoredEvent(entry.getID().getSequence(), fields.get("f")));
        }
        return SessionEventLog.replayFrom(afterId, oldest, lastId, events);
    }

    @Override
    public void forget(UUID sessionId) {
        redis.del(stream(sessionId), counter(sessionId));
    }

    private String stream(UUID sessionId) {
        return keyOf.apply("session:" + sessionId + ":events");
    }

    private String counter(UUID sessionId) {
        return keyOf.apply("session:" + sessionId + ":event-id");
    }
}
