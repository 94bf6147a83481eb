package dev.tabbi.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tabbi.testsupport.Paths;
import jakarta.annotation.sql.DataSourceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
 * The README's configuration table is the reference operators read: it must list exactly the keys the code reads,
 * with the environment variable MicroProfile Config maps each to and the default the app ships.
 */
class ConfigurationReferenceTest {
    private static final Pattern MPCONFIG = Pattern.compile("\\$\\{MPCONFIG=([^}]+)}");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\| `([A-Z0-9_]+)` \\| ([^|]*) \\|.*$",
            Pattern.MULTILINE);

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
            javaClass.tryGetAnnotationOfType(DataSourceDefinition.class).ifPresent(ds -> {
                for (String value : new String[] {ds.url(), ds.user(), ds.password()}) {
                    Matcher m = MPCONFIG.matcher(value);
                    while (m.find()) {
                        codeKeys.add(m.group(1));
                    }
                }
            });
        }
        readme = new LinkedHashMap<>();
        Matcher rows = ROW.matcher(Files.readString(Paths.project().resolve("README.md")));
        while (rows.find()) {
            readme.put(rows.group(1), new String[] {rows.group(2), rows.group(3).trim()});
        }
        defaults = new Properties();
        try (InputStream in = ConfigurationReferenceTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        }
    }

    @Test
    void readmeListsExactlyTheKeysTheCodeReads() {
        assertThat(codeKeys).isNotEmpty();
        assertThat(readme.keySet()).containsExactlyInAnyOrderElementsOf(codeKeys);
    }

    @Test
    void environmentVariablesFollowMicroProfileConfigMapping() {
        readme.forEach((key, row) -> assertThat(row[0]).as(key)
                .isEqualTo(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT)));
    }

    @Test
    void defaultsInTheReadmeAreTheShippedDefaults() {
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

    @Test
    void everyShippedDefaultBelongsToAKeyTheCodeReads() {
        Set<String> shipped = defaults.stringPropertyNames().stream()
                .filter(key -> !key.startsWith("mp."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(codeKeys).containsAll(shipped);
    }
}
