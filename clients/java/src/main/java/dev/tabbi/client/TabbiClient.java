package dev.tabbi.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Tabbi's API from Java: sessions with an OpenCode agent in a sandbox, their event streams, files, diff and usage.
 * Thread-safe; make one and share it. Every failure is a {@link TabbiException} with the API's error code.
 *
 * <pre>{@code
 * TabbiClient tabbi = TabbiClient.fromEnvironment();           // TABBI_API_KEY, TABBI_BASE_URL
 * Session session = tabbi.createSession(CreateSession.blank(), event -> System.out.println(event));
 * try (EventStream turn = tabbi.sendMessage(session.id(), "Write hello.txt")) {
 *     for (SessionEvent event : turn) { ... }
 * }
 * }</pre>
 */
public final class TabbiClient {
    private static final Pattern KEY = Pattern.compile("^tb_(live|test)_[a-zA-Z0-9]{32}$");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;

    /** {@code timeout}: the longest wait for an answer (for a stream: for its start). */
    public TabbiClient(URI base, String apiKey, Duration timeout) {
        if (apiKey == null || !KEY.matcher(apiKey).matches()) {
            throw new IllegalArgumentException("an API key is tb_live_ or tb_test_ and 32 letters or digits");
        }
        String url = base.toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A client for {@code TABBI_API_KEY} at {@code TABBI_BASE_URL} (default http://localhost:8080). */
    public static TabbiClient fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static TabbiClient fromEnvironment(Map<String, String> environment) {
        String key = environment.get("TABBI_API_KEY");
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("set TABBI_API_KEY to an API key from the dashboard's Keys page");
        }
        return new TabbiClient(URI.create(environment.getOrDefault("TABBI_BASE_URL", "http://localhost:8080")),
                key.strip(), Duration.ofSeconds(60));
    }

    /** Creates a session and returns at once, while it starts ({@code status} "starting"). */
    public Session createSession(CreateSession options) {
        return Session.of(json(send(post("v1/sessions", options.json()), options)));
    }

    /**
     * Creates a session and waits until it is ready, handing each step ({@link SessionEvent.Progress} and the
     * others) to {@code progress}; a failed start throws {@link ErrorCode#SANDBOX_CREATE_FAILED} with its reason.
     */
    public Session createSession(CreateSession options, Consumer<SessionEvent> progress) {
        HttpRequest.Builder request = post("v1/sessions", options.json()).header("Accept", "text/event-stream");
        String[] id = new String[1];
        try (EventStream events = new EventStream(stream(request, options), eventId -> resume(id[0], eventId),
                event -> event instanceof SessionEvent.Ready || event instanceof SessionEvent.Failed)) {
            for (SessionEvent event : events) {
                if (event instanceof SessionEvent.Created created) {
                    id[0] = created.sessionId();
                }
                progress.accept(event);
                if (event instanceof SessionEvent.Failed failed) {
                    throw new TabbiException(0, "SANDBOX_CREATE_FAILED", failed.message(), null, null, null);
                }
            }
        }
        return session(id[0]);
    }

    public Session session(String sessionId) {
        return Session.of(json(send(get(sessionPath(sessionId)), null)));
    }

    /**
     * Sends a message and streams the turn: the user's message, the answer as it is written, tool calls, the
     * complete answer, then {@link SessionEvent.Idle} (or {@link SessionEvent.Failed}), where the stream ends.
     * A paused session is resumed first. 409 {@link ErrorCode#SESSION_BUSY} while another turn runs.
     */
    public EventStream sendMessage(String sessionId, String content) {
        JsonObject body = Json.createObjectBuilder().add("content", content).build();
        return new EventStream(stream(post(sessionPath(sessionId) + "/messages", body), null),
                eventId -> resume(sessionId, eventId),
                event -> event instanceof SessionEvent.Idle
                        || event instanceof SessionEvent.Failed failed && "error".equals(failed.type()));
    }

    /**
     * The session's events after {@code afterEventId} (-1: from the start of what the server keeps), then live,
     * until closed: to follow a session, or to pick up where an {@link EventStream#lastEventId()} left off.
     */
    public EventStream events(String sessionId, long afterEventId) {
        return new EventStream(resume(sessionId, afterEventId), eventId -> resume(sessionId, eventId), event -> false);
    }

    /** The entries of a workspace directory ("" or "/" for its root). */
    public List<FileEntry> files(String sessionId, String directory) {
        String path = directory.isEmpty() || directory.endsWith("/") ? directory : directory + "/";
        JsonObject listing = json(send(get(sessionPath(sessionId) + "/files/" + encodePath(path)), null));
        return listing.getJsonArray("files").getValuesAs(JsonObject.class).stream().map(FileEntry::of).toList();
    }

    /** A file of the workspace, as bytes; {@link ErrorCode#FILE_NOT_FOUND} when there is none. */
    public byte[] file(String sessionId, String path) {
        return send(get(sessionPath(sessionId) + "/files/" + encodePath(path)), null, HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** The workspace's changes since the session started, as a unified diff. */
    public String diff(String sessionId) {
        return send(get(sessionPath(sessionId) + "/diff"), null).body();
    }

    /** Stops the sandbox and keeps its workspace; the next message (or {@link #resume}) brings it back. */
    public Session pause(String sessionId) {
        return Session.of(json(send(post(sessionPath(sessionId) + "/pause", JsonValue.EMPTY_JSON_OBJECT), null)));
    }

    public Session resume(String sessionId) {
        return Session.of(json(send(post(sessionPath(sessionId) + "/resume", JsonValue.EMPTY_JSON_OBJECT), null)));
    }

    /** Ends the session: its sandbox and files are gone. */
    public void delete(String sessionId) {
        send(request(sessionPath(sessionId)).DELETE(), null);
    }

    /** Tokens, turns and sandbox time of the caller's owner from {@code firstDay} to {@code lastDay}, both included (UTC). */
    public Usage usage(LocalDate firstDay, LocalDate lastDay) {
        // the API's "to" is where the period ends: the start of the day after the last
        return Usage.of(json(send(get("v1/usage?from=" + firstDay + "&to=" + lastDay.plusDays(1) + "&granularity=day"), null)));
    }

    private InputStream resume(String sessionId, long afterEventId) {
        if (sessionId == null) {
            throw new TabbiException("the stream broke before the session was created", null);
        }
        HttpRequest.Builder request = get(sessionPath(sessionId) + "/events").header("Accept", "text/event-stream");
        if (afterEventId >= 0) {
            request.header("Last-Event-ID", Long.toString(afterEventId));
        }
        return stream(request, null);
    }

    private InputStream stream(HttpRequest.Builder request, CreateSession options) {
        HttpResponse<InputStream> response = send(request, options, HttpResponse.BodyHandlers.ofInputStream());
        return response.body();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, CreateSession options) {
        return send(request, options, HttpResponse.BodyHandlers.ofString());
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, CreateSession options, HttpResponse.BodyHandler<T> body) {
        if (options != null && options.idempotencyKey() != null) {
            request.header("Idempotency-Key", options.idempotencyKey());
        }
        HttpResponse<byte[]> answer;
        try {
            // Errors are read whole, successes as asked: the status decides before the body is consumed.
            HttpResponse<T> response = http.send(request.build(), info -> info.statusCode() < 400
                    ? body.apply(info) : castErrorBody(info));
            if (response.statusCode() < 400) {
                return response;
            }
            @SuppressWarnings("unchecked")
            HttpResponse<byte[]> failed = (HttpResponse<byte[]>) response;
            answer = failed;
        } catch (java.io.IOException e) {
            throw new TabbiException("cannot reach " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TabbiException("interrupted", e);
        }
        throw Errors.of(answer);
    }

    @SuppressWarnings("unchecked")
    private static <T> HttpResponse.BodySubscriber<T> castErrorBody(HttpResponse.ResponseInfo info) {
        return (HttpResponse.BodySubscriber<T>) HttpResponse.BodySubscribers.ofByteArray();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Authorization", "Bearer " + apiKey).header("User-Agent", "tabbi-java-client/1");
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpRequest.Builder post(String path, JsonObject body) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static String sessionPath(String sessionId) {
        return "v1/sessions/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8);
    }

    /** A workspace path for the URL: each segment encoded, slashes kept, no leading slash. */
    private static String encodePath(String path) {
        List<String> segments = List.of(path.replaceFirst("^/+", "").split("/", -1));
        return String.join("/", segments.stream()
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20")).toList());
    }
}
