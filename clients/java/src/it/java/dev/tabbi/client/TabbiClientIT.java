package dev.tabbi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Profile;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import dev.tabbi.testsupport.ThrowAwayDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Java client (clients/java) against a real Tabbi node, as its README uses it: a session created with its
 * progress, a turn as typed events, a turn stream broken mid-way and resumed without losing or repeating an event,
 * files, diff, pause, resume, delete, usage, and the API's errors as typed exceptions with Retry-After.
 */
class TabbiClientIT {
    @TabbiServer
    static PayaraProcess tabbi;

    @TabbiServer(Profile.LIMITS)
    static PayaraProcess limited;

    private static String key(String login) throws Exception {
        ThrowAwayDatabase db = TestEnvironment.get().database();
        return TestKeys.insertKey(db, TestKeys.insertUser(db, login), KeyEnvironment.LIVE, null, null);
    }

    private static TabbiClient client(String key) {
        return TabbiClient.fromEnvironment(Map.of("TABBI_API_KEY", key, "TABBI_BASE_URL", tabbi.baseUri().toString()));
    }

    @Test
    void aSessionFromCreateToDeleteWithItsTurnFilesDiffAndUsage() throws Exception {
        TabbiClient client = client(key("client-carla"));
        List<SessionEvent> progress = new ArrayList<>();
        Session session = client.createSession(CreateSession.blank(), progress::add);

        assertThat(session.isIdle()).isTrue();
        assertThat(progress).first().isInstanceOf(SessionEvent.Created.class);
        assertThat(progress).last().isInstanceOf(SessionEvent.Ready.class);
        assertThat(progress).anySatisfy(event -> assertThat(event).isInstanceOf(SessionEvent.Progress.class));

        List<SessionEvent> turn = new ArrayList<>();
        try (EventStream events = client.sendMessage(session.id(), "please create kept.txt")) {
            events.forEach(turn::add);
        }
        assertThat(turn).first().isInstanceOf(SessionEvent.Running.class);
        assertThat(turn).last().isInstanceOf(SessionEvent.Idle.class);
        assertThat(turn).anySatisfy(event -> assertThat(event).isInstanceOfSatisfying(SessionEvent.UserMessage.class,
                user -> assertThat(user.content()).isEqualTo("please create kept.txt")));
        assertThat(turn).anySatisfy(event -> assertThat(event).isInstanceOf(SessionEvent.ToolCall.class));
        assertThat(turn).anySatisfy(event -> assertThat(event).isInstanceOf(SessionEvent.MessageComplete.class));
        assertThat(turn).extracting(SessionEvent::id).isSorted().doesNotHaveDuplicates();

        assertThat(client.files(session.id(), "")).anySatisfy(entry -> {
            assertThat(entry.name()).isEqualTo("kept.txt");
            assertThat(entry.directory()).isFalse();
        });
        assertThat(new String(client.file(session.id(), "kept.txt"), StandardCharsets.UTF_8))
                .isEqualTo("hello from the scripted model\n");
        assertThat(client.diff(session.id())).contains("kept.txt");
        TabbiException missing = catchTabbi(() -> client.file(session.id(), "nothing/here.txt"));
        assertThat(missing.code()).isEqualTo(ErrorCode.FILE_NOT_FOUND);

        assertThat(client.pause(session.id()).status()).isEqualTo("paused");
        assertThat(client.resume(session.id()).status()).isEqualTo("idle");
        assertThat(new String(client.file(session.id(), "kept.txt"), StandardCharsets.UTF_8)).startsWith("hello");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Usage usage = client.usage(today.minusDays(1), today);
        assertThat(usage.turns()).as(usage.json().toString()).isGreaterThanOrEqualTo(1);

        client.delete(session.id());
        assertThat(client.session(session.id()).status()).isEqualTo("terminated");
    }

    /** A turn whose connection breaks after a few events is followed to its end through the event log. */
    @Test
    void aBrokenTurnStreamResumesWithLastEventIdLosingAndRepeatingNothing() throws Exception {
        String key = key("client-dora");
        Session session = client(key).createSession(CreateSession.blank(), event -> { });
        try (CuttingRelay relay = new CuttingRelay(tabbi.baseUri())) {
            TabbiClient throughRelay = TabbiClient.fromEnvironment(Map.of("TABBI_API_KEY", key,
                    "TABBI_BASE_URL", relay.uri().toString()));
            List<SessionEvent> turn = new ArrayList<>();
            try (EventStream events = throughRelay.sendMessage(session.id(), "please create kept.txt")) {
                events.forEach(turn::add);
            }

            assertThat(relay.cut()).as("the stream was broken").isTrue();
            assertThat(relay.resumes()).as("and resumed from the event log").isGreaterThanOrEqualTo(1);
            assertThat(turn).extracting(SessionEvent::id).isSorted().doesNotHaveDuplicates();
            assertThat(turn).first().isInstanceOf(SessionEvent.Running.class);
            assertThat(turn).last().isInstanceOf(SessionEvent.Idle.class);
            assertThat(turn).filteredOn(SessionEvent.MessageComplete.class::isInstance).hasSize(1);

            List<SessionEvent> logged = new ArrayList<>();
            try (EventStream log = client(key).events(session.id(), turn.get(0).id() - 1)) {
                for (SessionEvent event : log) {
                    logged.add(event);
                    if (event instanceof SessionEvent.Idle) {
                        break;
                    }
                }
            }
            assertThat(turn).extracting(SessionEvent::id).containsExactlyElementsOf(
                    logged.stream().map(SessionEvent::id).toList());
        } finally {
            client(key).delete(session.id());
        }
    }

    @Test
    void errorsAreTypedWithTheApisCodeRequestIdAndRetryAfter() throws Exception {
        TabbiClient client = client(key("client-erin"));
        TabbiException notFound = catchTabbi(() -> client.session(UUID.randomUUID().toString()));
        assertThat(notFound.code()).isEqualTo(ErrorCode.SESSION_NOT_FOUND);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.requestId()).isPresent();

        TabbiException unknownKey = catchTabbi(() -> client("tb_live_" + "a".repeat(32)).session(UUID.randomUUID().toString()));
        assertThat(unknownKey.code()).isEqualTo(ErrorCode.INVALID_API_KEY);

        assertThatThrownBy(() -> TabbiClient.fromEnvironment(Map.of())).hasMessageContaining("TABBI_API_KEY");
        assertThatThrownBy(() -> TabbiClient.fromEnvironment(Map.of("TABBI_API_KEY", "sk-not-ours")))
                .isInstanceOf(IllegalArgumentException.class);

        TabbiClient busy = new TabbiClient(limited.baseUri(), key("client-fay"), Duration.ofSeconds(30));
        TabbiException limitedOnce = null;
        for (int call = 0; call <= TestEnvironment.LIMITS_PER_MINUTE && limitedOnce == null; call++) {
            try {
                busy.session(UUID.randomUUID().toString());
            } catch (TabbiException e) {
                limitedOnce = e.code() == ErrorCode.RATE_LIMIT_EXCEEDED ? e : null;
            }
        }
        assertThat(limitedOnce).as("refused past the limit").isNotNull();
        assertThat(limitedOnce.status()).isEqualTo(429);
        assertThat(limitedOnce.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isPositive()
                .isLessThanOrEqualTo(Duration.ofMinutes(1)));
    }

    private static TabbiException catchTabbi(Runnable call) {
        try {
            call.run();
        } catch (TabbiException e) {
            return e;
        }
        throw new AssertionError("no TabbiException");
    }
}
