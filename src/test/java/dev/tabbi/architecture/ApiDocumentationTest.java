package dev.tabbi.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.Paths;
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
        Path classes = Paths.project().resolve("target/classes");
        List<String> served = new ArrayList<>();
        try (var files = Files.walk(classes.resolve("dev/tabbi"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && f.toString().contains("/api/")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                jakarta.ws.rs.Path root = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (root == null) {
                    continue;
                }
                for (var method : type.getDeclaredMethods()) {
                    boolean routed = java.util.Arrays.stream(method.getAnnotations())
                            .anyMatch(a -> a.annotationType().isAnnotationPresent(jakarta.ws.rs.HttpMethod.class));
                    if (routed) {
                        jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                        served.add("/v1" + root.value() + (sub == null ? "" : sub.value()));
                    }
                }
            }
        }
        assertThat(served).isNotEmpty();
        assertThat(served.stream().filter(path -> !documented.contains(normalized(path))).toList())
                .as("routes missing from openapi.yaml").isEmpty();
    }

    /** {@code /v1/sessions/{id}/files/{path: .*}} and {@code /v1/sessions/{id}/files/{path}} are one route. */
    private static String normalized(String path) {
        return path.replaceAll("\\{[^}]*\\}", "{}").replaceAll("/+$", "");
    }
}
