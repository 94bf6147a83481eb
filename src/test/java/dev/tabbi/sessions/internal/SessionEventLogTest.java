package dev.tabbi.sessions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.ThrowAwayDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.BeforeAll;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The event log in PostgreSQL (a throw-away database with the log's migration) gives gap-free ids per session,
 * replays exactly what follows a cursor, reports a cursor whose events were dropped or that outlived the log, and
 * gives every id once when several nodes append at once.
 */
class SessionEventLogTest {
    private static final int KEPT = 5;
    private static ThrowAwayDatabase database;
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void database() throws Exception {
        database = ThrowAwayDatabase.create();
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(database.jdbcUrl());
        dataSource.setUser(database.user());
        dataSource.setPassword(database.password());
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute(Files.readString(Paths.project().resolve("db/V13__sessions_event_log.sql")));
        }
    }

    @AfterAll
    static void cleanUp() {
        database.close();
    }

    private static DatabaseSessionEventLog log(int kept) {
        return new DatabaseSessionEventLog(dataSource, kept);
    }

    private static List<Long> ids(SessionEventLog.Replay replay) {
        return replay.events().stream().map(SessionEventLog.StoredEvent::id).toList();
    }

    @Test
    void idsCountUpPerSessionAndAReplayStartsRightAfterTheCursor() {
        SessionEventLog log = log(KEPT);
        UUID session = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        for (int i = 1; i <= 3; i++) {
            assertThat(log.append(session, "{\"n\":" + i + "}").id()).isEqualTo(i);
        }
        assertThat(log.append(other, "{}").id()).as("another session counts on its own").isEqualTo(1);

        SessionEventLog.Replay replay = log.after(session, 1, 100);
        assertThat(ids(replay)).containsExactly(2L, 3L);
        assertThat(replay.events().get(0).frame()).isEqualTo("{\"n\":2}");
        assertThat(replay.resync()).isFalse();
        assertThat(ids(log.after(session, 3, 100))).isEmpty();
        assertThat(ids(log.after(session, 0, 2))).as("at most max").containsExactly(1L, 2L);
        assertThat(log.lastId(session)).isEqualTo(3);
    }

    @Test
    void aCursorOlderThanWhatIsKeptIsToldToResyncFromTheOldestKept() {
        SessionEventLog log = log(KEPT);
        UUID session = UUID.randomUUID();
        LongStream.rangeClosed(1, 8).forEach(i -> log.append(session, "{}"));

        SessionEventLog.Replay tooOld = log.after(session, 1, 100);
        assertThat(tooOld.resync()).isTrue();
        assertThat(tooOld.resyncFrom()).isEqualTo(4);
        assertThat(ids(tooOld)).containsExactly(4L, 5L, 6L, 7L, 8L);

        SessionEventLog.Replay justInTime = log.after(session, 3, 100);
        assertThat(justInTime.resync()).as("nothing after 3 was dropped").isFalse();
        assertThat(ids(justInTime)).containsExactly(4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void aCursorFromALostLogResyncsFromTheStartAndForgetDropsEverything() {
        SessionEventLog log = log(KEPT);
        UUID session = UUID.randomUUID();
        log.append(session, "{}");
        log.append(session, "{}");
        log.forget(session);
        assertThat(log.lastId(session)).isZero();

        log.append(session, "{}");
        SessionEventLog.Replay replay = log.after(session, 2, 100);
        assertThat(replay.resync()).as("a cursor beyond the newest id comes from a log that is gone").isTrue();
        assertThat(ids(replay)).containsExactly(1L);
        assertThat(log.after(UUID.randomUUID(), 0, 100).events()).isEmpty();
        assertThat(log.after(UUID.randomUUID(), 0, 100).resync()).isFalse();
    }

    @Test
    void concurrentAppendsFromSeveralNodesGetEveryIdOnceAndInOrder() throws Exception {
        SessionEventLog nodeA = log(1000);
        SessionEventLog nodeB = log(1000);
        UUID session = UUID.randomUUID();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> appended = IntStream.range(0, 200)
                    .mapToObj(i -> threads.submit(() -> (i % 2 == 0 ? nodeA : nodeB).append(session, "{}").id())).toList();
            List<Long> got = new java.util.ArrayList<>();
            for (Future<Long> id : appended) {
                got.add(id.get());
            }
            assertThat(got).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
            assertThat(ids(nodeB.after(session, 0, 1000))).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
        } finally {
            threads.shutdownNow();
        }
    }
}
