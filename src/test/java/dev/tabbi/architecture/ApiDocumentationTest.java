package dev.tabbi.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.ServedRoutes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The people's docs page and the machine-readable OpenAPI document describe the same routes and error codes. */
class ApiDocumentationTest {
    private static final Pattern PATH = Pattern.compile("^  (/[^:]*):\\s*$", Pattern.MULTILINE);
    private static final Pattern CODE = Pattern.compile("\\b([A-Z]+(?:_[A-Z]+)+) (\\d{3})");

    private static String read(String relative) throws IOException {
        return Files.readString(Paths.project().resolve(relative));
    }

    @Test
    void everyOpenApiPathIsOnTheDocsPage() throws IOException {
        String openApi = read("src/main/resources/META-INF/openapi.yaml");
        String docs = read("src/main/webapp/docs/index.xhtml");
        List<String> paths = new ArrayList<>();
        Matcher m = PATH.matcher(openApi);
        while (m.find()) {
            paths.add(m.group(1));
        }

        assertThat(paths).contains("/health", "/v1/sessions", "/v1/usage");
        for (String path : paths) {
            assertThat(docs).as("docs page mentions " + path).contains("<code>" + path + "</code>");
        }
    }

    /** Code generators name a client's methods after operationIds: every operation has one, and no two the same. */
    @Test
    void everyOperationHasItsOwnOperationId() throws IOException {
        String openApi = read("src/main/resources/META-INF/openapi.yaml");
        Matcher operation = Pattern.compile("^    (get|post|put|patch|delete):\\s*\\n(?:      operationId: (\\w+))?",
                Pattern.MULTILINE).matcher(openApi);
        List<String> ids = new ArrayList<>();
        int operations = 0;
        while (operation.find()) {
            operations++;
            assertThat(operation.group(2)).as("the operation at offset %d has an operationId", operation.start()).isNotNull();
            ids.add(operation.group(2));
        }
        assertThat(operations).isGreaterThan(25);
        assertThat(Set.copyOf(ids)).as("operationIds are unique").hasSize(ids.size());
    }

    @Test
    void everyErrorCodeOfTheOpenApiDocumentIsExplainedOnTheDocsPage() throws IOException {
        String openApi = read("src/main/resources/META-INF/openapi.yaml");
        String docs = read("src/main/webapp/docs/index.xhtml");
        Matcher m = CODE.matcher(openApi);
        int codes = 0;
        while (m.find()) {
            codes++;
            assertThat(docs).as(m.group(1)).contains("<td><code>" + m.group(1) + "</code></td>");
        }
        assertThat(codes).isGreaterThanOrEqualTo(14);
    }

    /** Every route a resource serves is in the OpenAPI document (path parameters compared by position, not name). */
    @Test
    void everyRouteTheCodeServesIsInTheOpenApiDocument() throws Exception {
        String openApi = read("src/main/resources/META-INF/openapi.yaml");
        Set<String> documented = new java.util.HashSet<>();
        Matcher m = PATH.matcher(openApi);
        while (m.find()) {
            documented.add(normalized(m.group(1)));
        }
        List<String> served = ServedRoutes.all().stream().map(ServedRoutes.Route::path).toList();
        assertThat(served).isNotEmpty();
        assertThat(served.stream().filter(path -> !documented.contains(normalized(path))).toList())
                .as("routes missing from openapi.yaml").isEmpty();
    }

    /** {@code /v1/sessions/{id}/files/{path: .*}} and {@code /v1/sessions/{id}/files/{path}} are one route. */
    private static String normalized(String path) {
        return path.replaceAll("\\{[^}]*\\}", "{}").replaceAll("/+$", "");
    }
}
