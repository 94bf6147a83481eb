package dev.tabbi.sessions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both event logs (in-process ring, Redis stream against the real Redis) give gap-free ids per session, replay
 * exactly what follows a cursor, and report a cursor whose events were dropped or that outlived the log.
 */
class SessionEventLogTest {
    private static final TestRedis REDIS = new TestRedis();
    private static final int KEPT = 5;

    @AfterAll
    static void cleanUp() {
        REDIS.close();
    }

    private static SessionEventLog log(String kind) {
        return kind.equals("redis")
                ? new RedisSessionEventLog(REDIS.client(), name -> REDIS.prefix() + name, KEPT, Duration.ofMinutes(5))
                : new InProcessSessionEventLog(KEPT, 100);
    }

    private static List<Long> ids(SessionEventLog.Replay replay) {
        return replay.events().stream().map(SessionEventLog.StoredEvent::id).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis"})
    void idsCountUpPerSessionAndAReplayStartsRightAfterTheCursor(String kind) {
        SessionEventLog log = log(kind);
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

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis"})
    void aCursorOlderThanWhatIsKeptIsToldToResyncFromTheOldestKept(String kind) {
        SessionEventLog log = log(kind);
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

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis"})
    void aCursorFromALostLogResyncsFromTheStartAndForgetDropsEverything(String kind) {
        SessionEventLog log = log(kind);
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
        SessionEventLog nodeA = new RedisSessionEventLog(REDIS.client(), name -> REDIS.prefix() + name, 1000, Duration.ofMinutes(5));
        SessionEventLog nodeB = new RedisSessionEventLog(REDIS.client(), name -> REDIS.prefix() + name, 1000, Duration.ofMinutes(5));
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
