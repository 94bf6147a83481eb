package dev.tabbi.sessions.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The event log of a single node: a bounded ring per session, for the most recently active sessions only (the
 * least recently used ones are dropped beyond {@code maxSessions}), so memory stays bounded.
 */
final class InProcessSessionEventLog implements SessionEventLog {

    private static final class Ring {
        final ArrayDeque<StoredEvent> events = new ArrayDeque<>();
        long lastId;
    }

    private final int maxEvents;
    private final Map<UUID, Ring> rings;

    InProcessSessionEventLog(int maxEvents, int maxSessions) {
        this.maxEvents = maxEvents;
        this.rings = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Ring> eldest) {
                return size() > maxSessions;
            }
        });
    }

    @Override
    public StoredEvent append(UUID sessionId, String frame) {
        Ring ring = rings.computeIfAbsent(sessionId, id -> new Ring());
        synchronized (ring) {
            StoredEvent event = new StoredEvent(++ring.lastId, frame);
            ring.events.addLast(event);
            while (ring.events.size() > maxEvents) {
                ring.events.removeFirst();
            }
            return event;
        }
    }

    @Override
    public Replay after(UUID sessionId, long afterId, int max) {
        Ring ring = rings.get(sessionId);
        if (ring == null) {
            return SessionEventLog.replayFrom(afterId, 1, 0, List.of());
        }
        synchronized (ring) {
            long oldest = ring.events.isEmpty() ? ring.lastId + 1 : ring.events.getFirst().id();
            long from = afterId > ring.lastId ? 0 : afterId;
            List<StoredEvent> events = new ArrayList<>();
            for (StoredEvent event : ring.events) {
                if (event.id() > from && events.size() < max) {
                    events.add(event);
                }
            }
            return SessionEventLog.replayFrom(afterId, oldest, ring.lastId, events);
        }
    }

    @Override
    public long lastId(UUID sessionId) {
        Ring ring = rings.get(sessionId);
        if (ring == null) {
            return 0;
        }
        synchronized (ring) {
            return ring.lastId;
        }
    }

    @Override
    public void forget(UUID sessionId) {
        rings.remove(sessionId);
    }
}
