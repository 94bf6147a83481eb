package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.TabbiServer;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever goes wrong on /v1, the caller gets the contract's JSON error with a request id, never a stack trace. */
class ApiErrorsIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static URI server;

    @BeforeAll
    static void startServer() {
        server = tabbi.baseUri();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/anything-unknown", "/v1", "/v1/", "/v1/sessions-typo/123/x"})
    void unknownRoutesAreJsonNotFound(String path) {
        HttpResponse<String> response = Http.get(server, path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonObject error = Http.json(response).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("NOT_FOUND");
        assertThat(error.getString("message")).isNotBlank();
        String requestId = response.headers().firstValue("X-Request-ID").orElseThrow();
        assertThat(error.getString("requestId")).isEqualTo(requestId);
    }

    @Test
    void everyMethodOnAnUnknownRouteIsJson() {
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            HttpResponse<String> response = Http.send(Http.request(server, "/v1/nothing-here")
                    .method(method, method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json"));
            assertThat(response.statusCode()).as(method).isEqualTo(404);
            assertThat(Http.json(response).getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void aSaneIncomingRequestIdIsEchoedAndAnUnsafeOneReplaced() {
        HttpResponse<String> echoed = Http.send(Http.request(server, "/v1/unknown")
                .header("X-Request-ID", "client-trace-42"));
        assertThat(echoed.headers().firstValue("X-Request-ID")).hasValue("client-trace-42");
        assertThat(Http.json(echoed).getJsonObject("error").getString("requestId")).isEqualTo("client-trace-42");

        HttpResponse<String> replaced = Http.send(Http.request(server, "/health")
                .header("X-Request-ID", "x".repeat(300)));
        assertThat(replaced.headers().firstValue("X-Request-ID")).hasValueSatisfying(
                id -> assertThat(id).hasSize(36).doesNotContain("xxxx"));
    }

    @Test
    void generatedRequestIdsDifferPerRequest() {
        String first = Http.get(server, "/health").headers().firstValue("X-Request-ID").orElseThrow();
        String second = Http.get(server, "/health").headers().firstValue("X-Request-ID").orElseThrow();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void oversizedBodiesAreRefusedBeforeTheyAreRead() {
        String response = Http.raw(server, "POST /v1/sessions HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2097152\r\n\r\n{\"repo\":");

        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(Http.json(Http.rawBody(response)).getJsonObject("error").getString("code"))
                .isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void errorsTheContainerRaisesStillGetTheJsonShapeAndHeadersWithoutInternals() {
        String response = Http.raw(server,
                "GET /v1/%2e%2e/WEB-INF/web.xml HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 404").containsIgnoringCase("X-Request-ID: ")
                .contains("X-Content-Type-Options: nosniff");
        String body = Http.rawBody(response);
        assertThat(body).doesNotContain("Exception", "at org.", "<web-app", "<html", "Payara");
        assertThat(Http.json(body).getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
    }
}
