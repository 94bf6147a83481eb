package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.TabbiServer;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Security headers on every kind of response: API, probe, page, static asset, error. */
class SecurityHeadersIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static URI server;

    @BeforeAll
    static void startServer() {
        server = tabbi.baseUri();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/v1/unknown", "/", "/keys/index.xhtml", "/no-such-page",
        "/jakarta.faces.resource/css/app.css.xhtml?ln=tabbi"})
    void everyResponseCarriesTheSecurityHeaders(String path) {
        HttpHeaders headers = Http.get(server, path).headers();

        assertThat(headers.firstValue("Strict-Transport-Security")).hasValueSatisfying(
                v -> assertThat(v).startsWith("max-age=").contains("includeSubDomains"));
        assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(headers.firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
        assertThat(headers.firstValue("X-Request-ID")).isPresent();
        List<String> policies = headers.allValues("Content-Security-Policy");
        assertThat(policies).isNotEmpty();
        assertThat(String.join(";", policies)).contains("frame-ancestors 'none'", "object-src 'none'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/docs/index.xhtml", "/signin.xhtml"})
    void pagesAllowOnlyTheirOwnNoncedScripts(String path) {
        HttpResponse<String> page = Http.get(server, path);
        List<String> policies = page.headers().allValues("Content-Security-Policy");

        String scriptPolicy = policies.stream().filter(p -> p.contains("script-src")).findFirst().orElseThrow();
        assertThat(scriptPolicy).contains("'nonce-").doesNotContain("unsafe-inline", "unsafe-eval");
        String nonce = scriptPolicy.replaceAll(".*'nonce-([^']+)'.*", "$1");
        // Every inline script of the page carries the nonce, so the browser runs it; nothing else would run.
        assertThat(page.body().split("<script").length - 1)
                .isEqualTo(page.body().split("<script[^>]*nonce=\"" + nonce + "\"").length - 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/v1/unknown"})
    void apiResponsesGetTheStrictPolicy(String path) {
        String policy = Http.get(server, path).headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).startsWith("default-src 'self'; script-src 'self';");
    }
}
