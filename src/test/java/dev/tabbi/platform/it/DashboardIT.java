package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.FakeGitHub;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SignIn;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.WebSession;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dashboard shell: layout, navigation, stubs that say they are stubs, static assets and friendly errors. */
class DashboardIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static URI server;
    private static WebSession member;

    @BeforeAll
    static void startServer() {
        server = tabbi.baseUri();
        member = SignIn.withGitHub(server, TestEnvironment.get().gitHub(),
                new FakeGitHub.Account(555001, "dash", "Dashboard Tester", "dash@example.com"));
    }

    @Test
    void landingPageHasTheLayoutAndNavigation() {
        HttpResponse<String> page = Http.get(server, "/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body())
                .contains("<title>Home · Tabbi</title>")
                .contains("href=\"/keys/index.xhtml\"", "href=\"/sessions/index.xhtml\"",
                        "href=\"/usage/index.xhtml\"", "href=\"/docs/index.xhtml\"")
                .contains("class=\"account\"")
                .contains("/jakarta.faces.resource/css/app.css.xhtml?ln=tabbi");
    }

    @Test
    void pagesUseNoInlineStylesOrEventHandlers() {
        for (String path : new String[] {"/", "/docs/index.xhtml", "/signin.xhtml"}) {
            String body = Http.get(server, path).body();
            assertThat(body).as(path).doesNotContain(" style=\"").doesNotContainPattern(" on[a-z]+=\"");
        }
        String keysPage = member.get(server.resolve("/keys/index.xhtml")).body();
        assertThat(keysPage).as("component scripts go through the CSP nonce").doesNotContainPattern(" on[a-z]+=\"");
    }

    @ParameterizedTest
    @CsvSource({"/keys/index.xhtml", "/sessions/index.xhtml", "/usage/", "/account/"})
    void memberPagesSendAnonymousVisitorsToSignInAndBack(String path) {
        HttpResponse<String> response = Http.get(server, path);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).contains("/signin.xhtml?returnTo=%2F"));
        assertThat(response.headers().firstValue("X-Request-ID")).isPresent();
    }

    @ParameterizedTest
    @CsvSource({"/sessions/index.xhtml,Sessions", "/sessions/,Sessions", "/usage/index.xhtml,Usage"})
    void everySectionIsBuiltAndMarkedInTheNavigation(String path, String section) {
        HttpResponse<String> page = member.get(server.resolve(path));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<title>" + section + " · Tabbi</title>")
                .contains("class=\"nav-link active\">" + section + "<")
                .doesNotContain("Coming soon");
    }

    @Test
    void signedInMembersSeeTheirNameAndASignOutButton() {
        String page = member.get(server.resolve("/keys/index.xhtml")).body();
        assertThat(page).contains("Dashboard Tester").contains("Sign out").doesNotContain("id=\"signin-link\"");
        assertThat(Http.get(server, "/").body()).contains("id=\"signin-link\"");
    }

    @Test
    void staticAssetsAreServedWithTheirTypes() {
        HttpResponse<String> css = Http.get(server, "/jakarta.faces.resource/css/app.css.xhtml?ln=tabbi");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(css.body()).contains(".topbar");

        HttpResponse<String> logo = Http.get(server, "/jakarta.faces.resource/img/logo.svg.xhtml?ln=tabbi");
        assertThat(logo.statusCode()).isEqualTo(200);
        assertThat(logo.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("svg"));
    }

    @Test
    void unknownPagesGetAFriendlyPageWithoutInternals() {
        for (String path : new String[] {"/no-such-page", "/no-such-page.xhtml", "/WEB-INF/web.xml"}) {
            HttpResponse<String> page = Http.get(server, path);
            assertThat(page.statusCode()).as(path).isEqualTo(404);
            assertThat(page.body()).as(path)
                    .contains("Nothing was found at this address.")
                    .contains("Back to the start page")
                    .doesNotContain("Exception", "Payara", "stack");
        }
    }

    @Test
    void docsPageExplainsTheApiAndLinksTheOpenApiDocument() {
        HttpResponse<String> page = Http.get(server, "/docs/index.xhtml");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("API reference", "Authorization: Bearer", "INVALID_API_KEY",
                "href=\"/openapi.yaml\"");
    }
}
