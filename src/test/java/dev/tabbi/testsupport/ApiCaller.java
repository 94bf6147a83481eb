package dev.tabbi.testsupport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A program calling the API of {@code server} with one key: JSON in, the answer as it came. */
public record ApiCaller(URI server, String key) {

    /** {@code method path} with {@code body} as JSON (null: none); turns may take two minutes. */
    public HttpResponse<String> call(String method, String path, String body) {
        HttpRequest.Builder request = Http.request(server, path).header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(120));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return Http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }
}
