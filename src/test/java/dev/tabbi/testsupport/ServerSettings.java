package dev.tabbi.testsupport;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The configuration of a Tabbi under test, by MicroProfile Config key ({@code db.url}, as docs/CONFIGURATION.md
 * names them): one map for every kind of server. A node of its own gets it as environment variables
 * ({@link #asEnvironment()}, as an operator would set them), the Arquillian-managed server as system properties
 * ({@link #asSystemProperties()}).
 */
public final class ServerSettings {
    private final Map<String, String> values;

    private ServerSettings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static ServerSettings of(Map<String, String> values) {
        return new ServerSettings(values);
    }

    /** These settings with {@code more} on top (a later value wins). */
    public ServerSettings with(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(values);
        all.putAll(more);
        return new ServerSettings(all);
    }

    public ServerSettings with(String key, String value) {
        return with(Map.of(key, value));
    }

    public String get(String key) {
        return values.get(key);
    }

    /** As environment variables: {@code db.url} is {@code DB_URL}, the name MicroProfile Config looks up. */
    public Map<String, String> asEnvironment() {
        return values.entrySet().stream().collect(Collectors.toMap(entry -> environmentName(entry.getKey()),
                Map.Entry::getValue, (a, b) -> b, LinkedHashMap::new));
    }

    /** As the {@code -Dkey=value} options of a JVM's command line (an empty value is no value, and left out). */
    public String asSystemProperties() {
        return values.entrySet().stream().filter(entry -> !entry.getValue().isEmpty())
                .map(entry -> "-D" + entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(" "));
    }

    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
