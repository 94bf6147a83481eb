package dev.tabbi.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tabbi.testsupport.Paths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFIGURATION.md is the reference operators read, generated from the code: this test writes the table the
 * code implies (every key the code reads, its environment variable under MicroProfile Config's mapping, the shipped
 * default, and the meaning and secrecy already written) to {@code target/CONFIGURATION.generated.md} and fails when
 * the reference differs. Secrets never have a shipped default.
 */
class ConfigurationReferenceTest {
    /** A key read through the Config API rather than injected (the datasource reads its own). */
    private static final Pattern CONFIG_CALL = Pattern.compile("\\.get(?:Optional)?Value\\(\"([a-z0-9.-]+)\"");
    private static final Pattern ROW = Pattern.compile(
            "^\\| `([a-z0-9.-]+)` \\| `([A-Z0-9_]+)` \\| ([^|]*) \\| (.*) \\| ((?:yes|no)[^|]*) \\|$", Pattern.MULTILINE);
    private static final Path REFERENCE = Paths.project().resolve("docs/CONFIGURATION.md");

    private static Set<String> codeKeys;
    private static Map<String, String[]> readme;
    private static Properties defaults;

    @BeforeAll
    static void read() throws IOException {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tabbi");
        codeKeys = new TreeSet<>();
        for (var javaClass : classes) {
            for (JavaField field : javaClass.getFields()) {
                if (field.isAnnotatedWith(ConfigProperty.class)) {
                    codeKeys.add(field.getAnnotationOfType(ConfigProperty.class).name());
                }
            }
        }
        try (var sources = Files.walk(Paths.project().resolve("src/main/java"))) {
            for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher read = CONFIG_CALL.matcher(Files.readString(source));
                while (read.find()) {
                    codeKeys.add(read.group(1));
                }
            }
        }
        readme = new LinkedHashMap<>();
        Matcher rows = ROW.matcher(Files.readString(REFERENCE));
        while (rows.find()) {
            readme.put(rows.group(1), new String[] {rows.group(2), rows.group(3).trim(), rows.group(4), rows.group(5)});
        }
        defaults = new Properties();
        try (InputStream in = ConfigurationReferenceTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        }
    }

    @Test
    void theReferenceListsExactlyTheKeysTheCodeReads() {
        assertThat(codeKeys).isNotEmpty();
        assertThat(readme.keySet()).containsExactlyInAnyOrderElementsOf(codeKeys);
    }

    @Test
    void environmentVariablesFollowMicroProfileConfigMapping() {
        readme.forEach((key, row) -> assertThat(row[0]).as(key)
                .isEqualTo(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT)));
    }

    @Test
    void defaultsInTheReferenceAreTheShippedDefaults() {
        readme.forEach((key, row) -> {
            String shipped = defaults.getProperty(key);
            String documented = row[1].replace("`", "");
            if (shipped == null) {
                assertThat(documented).as(key + " has no shipped default").startsWith("(none");
            } else {
                assertThat(documented).as(key).isEqualTo(shipped);
            }
        });
    }

    /** The table the code implies: documented keys in their order, then new ones; meanings kept, new ones marked. */
    static String generatedTable(Set<String> keys, Map<String, String[]> documented, Properties shipped) {
        StringBuilder table = new StringBuilder("| key | env var | default | meaning | secret |\n|---|---|---|---|---|\n");
        Set<String> ordered = new java.util.LinkedHashSet<>(documented.keySet());
        ordered.retainAll(keys);
        ordered.addAll(keys);
        for (String key : ordered) {
            String[] row = documented.get(key);
            String value = shipped.getProperty(key);
            String defaultText = value == null ? (row != null && row[1].startsWith("(none") ? row[1] : "(none)")
                    : value.isEmpty() ? "(empty)" : "`" + value + "`";
            table.append("| `").append(key).append("` | `").append(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT))
                    .append("` | ").append(defaultText).append(" | ")
                    .append(row == null ? "(describe this key)" : row[2]).append(" | ")
                    .append(row == null ? (looksSecret(key) ? "yes" : "no") : row[3]).append(" |\n");
        }
        return table.toString();
    }

    static boolean looksSecret(String key) {
        return key.matches(".*(password|secret|pepper|api-key|encryption-keys|token)$");
    }

    @Test
    void theReferenceIsTheTableTheCodeImplies() throws IOException {
        String reference = Files.readString(REFERENCE);
        String table = reference.substring(reference.indexOf("| key | env var |"));
        String generated = generatedTable(codeKeys, readme, defaults);
        Path written = Paths.target().resolve("CONFIGURATION.generated.md");
        Files.writeString(written, reference.substring(0, reference.indexOf("| key | env var |")) + generated);
        assertThat(table).as("docs/CONFIGURATION.md differs from what the code implies; see " + written).isEqualTo(generated);
    }

    @Test
    void keysThatHoldSecretsAreMarkedSecretAndShipNoDefault() {
        readme.forEach((key, row) -> {
            if (looksSecret(key)) {
                assertThat(row[3]).as(key + " is a secret").startsWith("yes");
            }
            if (row[3].startsWith("yes")) {
                assertThat(defaults.getProperty(key)).as(key + " ships no default").isNull();
            }
        });
    }

    @Test
    void everyShippedDefaultBelongsToAKeyTheCodeReads() {
        Set<String> shipped = defaults.stringPropertyNames().stream()
                .filter(key -> !key.startsWith("mp."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(codeKeys).containsAll(shipped);
    }
}
