package dev.tabbi.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Test servers get one settings map, by configuration key; a node reads it from its environment. */
class ServerSettingsTest {

    @Test
    void everyDocumentedKeyBecomesTheEnvironmentVariableTheDocumentationNames() throws IOException {
        Matcher rows = Pattern.compile("\\| `([a-z0-9.\\-]+)` \\| `([A-Z0-9_]+)` \\|")
                .matcher(Files.readString(Path.of("docs/CONFIGURATION.md")));
        int seen = 0;
        while (rows.find()) {
            assertThat(ServerSettings.environmentName(rows.group(1))).as(rows.group(1)).isEqualTo(rows.group(2));
            seen++;
        }
        assertThat(seen).isGreaterThan(50);
    }

    @Test
    void laterSettingsWinAndEmptyOnesAreLeftOffTheCommandLine() {
        ServerSettings settings = ServerSettings.of(Map.of("db.url", "jdbc:a", "db.password", ""))
                .with("db.url", "jdbc:b");

        assertThat(settings.asEnvironment()).containsEntry("DB_URL", "jdbc:b").containsEntry("DB_PASSWORD", "");
        assertThat(settings.asSystemProperties()).isEqualTo("-Ddb.url=jdbc:b");
    }
}
