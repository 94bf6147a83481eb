package dev.tabbi.platform.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about this build (the version shown by {@code /health} and the dashboard), written by Maven. */
@ApplicationScoped
public class BuildInfo {
    private String version = "unknown";

    @PostConstruct
    void load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/tabbi-build.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                version = properties.getProperty("version", version);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String version() {
        return version;
    }
}
