package dev.tabbi.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put what the run command and the tests need; Maven passes them as system properties. */
public final class Paths {
    private Paths() {
    }

    public static Path project() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the project: no pom.xml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    public static Path war() {
        return existing("tabbi.war", project().resolve("target/tabbi.war"), "mvn package");
    }

    public static Path payaraMicroJar() {
        return existing("payara.microJar", project().resolve("target/payara-micro.jar"), "mvn package");
    }

    public static Path target() {
        return project().resolve("target");
    }

    private static Path existing(String property, Path fallback, String howToBuild) {
        Path path = Path.of(System.getProperty(property, fallback.toString()));
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " is missing: build it with `" + howToBuild + "` first");
        }
        return path;
    }
}
