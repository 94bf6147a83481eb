package dev.tabbi.testsupport;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain HTTP client for black-box tests: what any API client would send, with timeouts. */
public final class Http {
    // HTTP/1.1: the h2c upgrade the JDK client offers by default makes some servers (OpenCode's) hang on POSTs.
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {
    }

    public static HttpRequest.Builder request(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(Duration.ofSeconds(30));
    }

    public static HttpResponse<String> get(URI base, String path) {
        return send(request(base, path).GET());
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads an open-ended stream (SSE) until {@code marker} has appeared {@code count} times, then hangs up and
     * returns what came; fails when that takes longer than {@code limit} (session streams send a heartbeat at
     * least every 10 s, so a quiet stream is still noticed).
     */
    public static String streamUntil(HttpRequest.Builder request, Duration limit, String marker, int count) {
        java.time.Instant deadline = java.time.Instant.now().plus(limit);
        StringBuilder body = new StringBuilder();
        int seen = 0;
        try (java.util.stream.Stream<String> lines = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines()).body()) {
            for (var it = lines.iterator(); it.hasNext() && java.time.Instant.now().isBefore(deadline); ) {
                String line = it.next();
                body.append(line).append('\n');
                if (line.contains(marker) && ++seen == count) {
                    body.append('\n');
                    return body.toString();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new AssertionError("the stream did not show " + marker + " " + count + " time(s) within " + limit + ":\n" + body);
    }

    /**
     * Sends bytes exactly as given over a plain socket and returns what the server answered until it closed the
     * connection or went quiet: for requests no well-behaved client library would send.
     */
    public static String raw(URI base, String request) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                    if (isComplete(answer.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                // the server keeps the connection open; what arrived is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isComplete(String response) {
        int headersEnd = response.indexOf("\r\n\r\n");
        if (headersEnd < 0) {
            return false;
        }
        var length = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(response);
        return length.find() && response.length() - headersEnd - 4 >= Integer.parseInt(length.group(1));
    }

    /** The body of a raw response (after the blank line that ends the headers). */
    public static String rawBody(String response) {
        int headersEnd = response.indexOf("\r\n\r\n");
        return headersEnd < 0 ? "" : response.substring(headersEnd + 4);
    }

    public static JsonObject json(HttpResponse<String> response) {
        return json(response.body());
    }

    public static JsonObject json(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
