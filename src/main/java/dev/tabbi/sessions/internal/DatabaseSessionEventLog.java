package dev.tabbi.sessions.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The event log shared by every node, in PostgreSQL: one statement bumps the session's counter and appends under
 * the new id, so ids are gap-free and in order whichever node appends (the counter row serializes appends of one
 * session, never of two). The newest {@code kept} events of a session are kept; older ones go as new ones come.
 * Plain JDBC on its own short transactions: an event is visible to every node the moment it is appended.
 */
final class DatabaseSessionEventLog implements SessionEventLog {
    /** Bumps the counter by the number of frames and stores them under the ids it skipped over, in their order. */
    private static final String APPEND = """
            WITH next AS (
                INSERT INTO session_event_counters (session_id, last_id) VALUES (?, ?)
                ON CONFLICT (session_id) DO UPDATE SET last_id = session_event_counters.last_id + EXCLUDED.last_id
                RETURNING last_id)
            INSERT INTO session_events (session_id, id, frame)
            SELECT ?, next.last_id - ? + f.ord, f.frame FROM next, unnest(?) WITH ORDINALITY AS f(frame, ord)
            RETURNING id""";

    private final DataSource dataSource;
    private final int kept;

    DatabaseSessionEventLog(DataSource dataSource, int kept) {
        this.dataSource = dataSource;
        this.kept = Math.max(1, kept);
    }

    @Override
    public List<StoredEvent> appendAll(UUID sessionId, List<String> frames) {
        if (frames.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection()) {
            long last = 0;
            try (PreparedStatement append = connection.prepareStatement(APPEND)) {
                append.setObject(1, sessionId);
                append.setInt(2, frames.size());
                append.setObject(3, sessionId);
                append.setInt(4, frames.size());
                append.setArray(5, connection.createArrayOf("text", frames.toArray()));
                try (ResultSet rows = append.executeQuery()) {
                    while (rows.next()) {
                        last = Math.max(last, rows.getLong(1));
                    }
                }
            }
            if (last > kept) {
                try (PreparedStatement trim = connection.prepareStatement(
                        "DELETE FROM session_events WHERE session_id = ? AND id <= ?")) {
                    trim.setObject(1, sessionId);
                    trim.setLong(2, last - kept);
                    trim.executeUpdate();
                }
            }
            List<StoredEvent> stored = new ArrayList<>(frames.size());
            for (int i = 0; i < frames.size(); i++) {
                stored.add(new StoredEvent(last - frames.size() + 1 + i, frames.get(i)));
            }
            return stored;
        } catch (SQLException e) {
            throw new IllegalStateException("the session's events could not be stored", e);
        }
    }

    @Override
    public Replay after(UUID sessionId, long afterId, int max) {
        try (Connection connection = dataSource.getConnection()) {
            long lastId = lastId(connection, sessionId);
            long oldest = lastId + 1;
            try (PreparedStatement first = connection.prepareStatement(
                    "SELECT min(id) FROM session_events WHERE session_id = ?")) {
                first.setObject(1, sessionId);
                try (ResultSet row = first.executeQuery()) {
                    if (row.next() && row.getObject(1) != null) {
                        oldest = row.getLong(1);
                    }
                }
            }
            long from = afterId > lastId ? 0 : afterId;
            return SessionEventLog.replayFrom(afterId, oldest, lastId, page(connection, sessionId, from, max));
        } catch (SQLException e) {
            throw new IllegalStateException("the session's events could not be read", e);
        }
    }

    @Override
    public List<StoredEvent> newerThan(UUID sessionId, long afterId, int max) {
        try (Connection connection = dataSource.getConnection()) {
            return page(connection, sessionId, afterId, max);
        } catch (SQLException e) {
            throw new IllegalStateException("the session's events could not be read", e);
        }
    }

    private static List<StoredEvent> page(Connection connection, UUID sessionId, long afterId, int max) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (PreparedStatement page = connection.prepareStatement(
                "SELECT id, frame FROM session_events WHERE session_id = ? AND id > ? ORDER BY id LIMIT ?")) {
            page.setObject(1, sessionId);
            page.setLong(2, afterId);
            page.setInt(3, max);
            try (ResultSet rows = page.executeQuery()) {
                while (rows.next()) {
                    events.add(new StoredEvent(rows.getLong(1), rows.getString(2)));
                }
            }
        }
        return events;
    }

    @Override
    public long lastId(UUID sessionId) {
        try (Connection connection = dataSource.getConnection()) {
            return lastId(connection, sessionId);
        } catch (SQLException e) {
            throw new IllegalStateException("the session's events could not be read", e);
        }
    }

    @Override
    public void forget(UUID sessionId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement events = connection.prepareStatement("DELETE FROM session_events WHERE session_id = ?");
                PreparedStatement counter = connection.prepareStatement("DELETE FROM session_event_counters WHERE session_id = ?")) {
            events.setObject(1, sessionId);
            events.executeUpdate();
            counter.setObject(1, sessionId);
            counter.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the session's events could not be dropped", e);
        }
    }

    /** Drops events older than {@code age}, whatever their session (ended sessions' events go this way). */
    int purgeOlderThan(Duration age) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement purge = connection.prepareStatement(
                        "DELETE FROM session_events WHERE created_at < now() - make_interval(secs => ?)")) {
            purge.setLong(1, age.toSeconds());
            return purge.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("old session events could not be dropped", e);
        }
    }

    private static long lastId(Connection connection, UUID sessionId) throws SQLException {
        try (PreparedStatement counter = connection.prepareStatement(
                "SELECT last_id FROM session_event_counters WHERE session_id = ?")) {
            counter.setObject(1, sessionId);
            try (ResultSet row = counter.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }
}
