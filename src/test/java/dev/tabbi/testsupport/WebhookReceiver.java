package dev.tabbi.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A user's webhook receiver, as a real HTTP server on loopback, that verifies every delivery the way the Standard
 * Webhooks specification tells receivers to, written from the specification and not from the platform's code:
 * the secret after {@code whsec_} is base64, the signed content is {@code id.timestamp.body}, the header holds
 * space-separated {@code v1,<base64 HMAC-SHA256>} signatures, the timestamp must be within five minutes. It
 * accepts a message once per {@code webhook-id} (a receiver's deduplication), and can be told to fail or to hang
 * (a held request counts as lost: {@code answered} -1).
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** One request as it came: headers, body, and whether its signature held. */
    public record Delivery(String id, String timestamp, String signature, String body, boolean verified, int answered) {
        public JsonObject json() {
            return Http.json(body);
        }

        public String type() {
            return json().getString("type");
        }
    }

    private final HttpServer server = FakeServers.loopback();
    private final List<Delivery> requests = new CopyOnWriteArrayList<>();
    private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
    private volatile String secret;
    private volatile int failWith;
    private volatile CountDownLatch hang;
    private volatile CountDownLatch hanging = new CountDownLatch(1);
    private volatile String hungId;
    private final Object arrivals = new Object();

    public WebhookReceiver() {
        server.createContext("/", this::receive);
        server.start();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The endpoint's secret, as the platform showed it once. */
    public void secret(String value) {
        secret = value;
    }

    /** From now on answer every request with {@code status} (0: accept again). */
    public void failWith(int status) {
        failWith = status;
    }

    /** The next request is held without an answer until {@link #release()}; {@link #awaitHanging} sees it come. */
    public void hangNext() {
        hanging = new CountDownLatch(1);
        hang = new CountDownLatch(1);
    }

    public boolean awaitHanging(Duration timeout) throws InterruptedException {
        return hanging.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The {@code webhook-id} of the request held by {@link #hangNext}. */
    public String hungId() {
        return hungId;
    }

    public void release() {
        CountDownLatch held = hang;
        if (held != null) {
            held.countDown();
        }
    }

    /** Every request, failed ones and repeats included. */
    public List<Delivery> requests() {
        return List.copyOf(requests);
    }

    /** What the receiver took: each verified message once, in the order it first came. */
    public List<Delivery> accepted() {
        return List.copyOf(accepted);
    }

    /** Waits until what was accepted satisfies {@code done}; fails with what came instead. */
    public List<Delivery> await(Predicate<List<Delivery>> done, Duration timeout) throws InterruptedException {
        return waitFor(this::accepted, done, timeout);
    }

    /** Waits until every request so far (failed ones and repeats included) satisfies {@code done}. */
    public List<Delivery> awaitRequests(Predicate<List<Delivery>> done, Duration timeout) throws InterruptedException {
        return waitFor(this::requests, done, timeout);
    }

    /** Woken by each request that arrives, so a test waits for what it expects and no longer. */
    private List<Delivery> waitFor(java.util.function.Supplier<List<Delivery>> seen, Predicate<List<Delivery>> done,
            Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (arrivals) {
            while (!done.test(seen.get())) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("the receiver got " + accepted().stream().map(Delivery::type).toList()
                            + " (all requests: " + requests().size() + ")");
                }
                arrivals.wait(left);
            }
            return seen.get();
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var headers = exchange.getRequestHeaders();
        String id = headers.getFirst("webhook-id");
        String timestamp = headers.getFirst("webhook-timestamp");
        String signature = headers.getFirst("webhook-signature");
        boolean verified = verify(id, timestamp, signature, body);
        CountDownLatch held = hang;
        if (held != null) {
            hang = null;
            hungId = id;
            hanging.countDown();
            try {
                held.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // the sender's answer never came back: as a receiver whose answer was lost, it is not taken
            requests.add(new Delivery(id, timestamp, signature, body, verified, -1));
            arrived();
            FakeServers.answer(exchange, 503, "text/plain", null);
            return;
        }
        int status = !verified ? 401 : failWith != 0 ? failWith : 204;
        Delivery delivery = new Delivery(id, timestamp, signature, body, verified, status);
        requests.add(delivery);
        if (status == 204 && accepted.stream().noneMatch(d -> d.id().equals(id))) {
            accepted.add(delivery);
        }
        arrived();
        FakeServers.answer(exchange, status, "text/plain", null);
    }

    private void arrived() {
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
    }

    private boolean verify(String id, String timestamp, String header, String body) {
        if (id == null || timestamp == null || header == null || secret == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Duration.between(Instant.ofEpochSecond(seconds), Instant.now()).abs().compareTo(TOLERANCE) > 0) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.replaceFirst("^whsec_", "")), "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            List<byte[]> given = new ArrayList<>();
            for (String part : header.split(" ")) {
                String[] versioned = part.split(",", 2);
                if (versioned.length == 2 && versioned[0].equals("v1")) {
                    given.add(Base64.getDecoder().decode(versioned[1]));
                }
            }
            return given.stream().anyMatch(candidate -> MessageDigest.isEqual(candidate, expected));
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
