package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.Commands;
import dev.tabbi.testsupport.Paths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deployment files, checked where no container engine or cluster runs: the compose file by compose itself,
 * the Kubernetes manifests against Kubernetes' schemas (docker/validate.sh), and what a schema cannot know: every
 * setting they name exists, the probes are the app's real endpoints, and no proxy buffers the event streams.
 */
class DeploymentFilesIT {
    private static final Path PROJECT = Paths.project();
    private static final Pattern ENV_NAME = Pattern.compile("^\\s*([A-Z][A-Z0-9_]+)\\s*[:=]", Pattern.MULTILINE);

    @Test
    void composeAndKubernetesFilesAreValid() throws Exception {
        Commands.Result result = run(List.of("bash", "docker/validate.sh"));
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("valid docker/compose.yml")
                .contains("restricted docker/k8s/deployment.yaml").contains("restricted docker/k8s/backup-cronjob.yaml")
                .contains("valid ops/monitoring/alerts.yml").contains("valid ops/monitoring/grafana-dashboard.json");
        try (var manifests = Files.list(PROJECT.resolve("docker/k8s"))) {
            manifests.filter(p -> p.toString().endsWith(".yaml"))
                    .forEach(p -> assertThat(result.output()).contains("valid docker/k8s/" + p.getFileName()));
        }
    }

    @Test
    void theSchemaCheckRejectsABrokenManifest() throws Exception {
        run(List.of("bash", "docker/validate.sh")); // installs the validator once
        Path broken = Files.createTempFile(Paths.target(), "broken", ".yaml");
        Files.writeString(broken, Files.readString(PROJECT.resolve("docker/k8s/deployment.yaml"))
                .replace("containerPort: 8080", "containerPort: eight-thousand-eighty"));
        Path validator = Path.of(System.getProperty("user.home"), ".cache/tabbi/k8s-validate/validate.mjs");
        Commands.Result result = run(List.of("node", validator.toString(), broken.toString()));
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("containerPort must be integer");
    }

    @Test
    void theRestrictedCheckRejectsAPodWithoutTheRuntimesSeccompProfile() throws Exception {
        run(List.of("bash", "docker/validate.sh")); // installs the validator once
        Path loose = Files.createTempFile(Paths.target(), "loose", ".yaml");
        Files.writeString(loose, Files.readString(PROJECT.resolve("docker/k8s/deployment.yaml"))
                .replaceAll("\\n\\s*seccompProfile:\\n\\s*type: RuntimeDefault", ""));
        Path validator = Path.of(System.getProperty("user.home"), ".cache/tabbi/k8s-validate/validate.mjs");
        Commands.Result result = run(List.of("node", validator.toString(), loose.toString()));
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("not \"restricted\"").contains("needs seccompProfile RuntimeDefault");
    }

    /** The dashboard may only chart metrics the guide documents, and must chart each of Tabbi's own. */
    @Test
    void theDashboardCheckRejectsAMetricTheGuideDoesNotName() throws Exception {
        Path copy = Files.createTempDirectory(Paths.target(), "monitoring");
        Files.createDirectories(copy.resolve("docs"));
        Files.createDirectories(copy.resolve("ops/monitoring"));
        Files.copy(PROJECT.resolve("docs/DEPLOYMENT.md"), copy.resolve("docs/DEPLOYMENT.md"));
        for (String file : List.of("check.mjs", "alerts.yml")) {
            Files.copy(PROJECT.resolve("ops/monitoring/" + file), copy.resolve("ops/monitoring/" + file));
        }
        Files.writeString(copy.resolve("ops/monitoring/grafana-dashboard.json"),
                Files.readString(PROJECT.resolve("ops/monitoring/grafana-dashboard.json"))
                        .replace("tabbi_sandboxes_live{", "tabbi_sandboxes_alive{"));
        Commands.Result result = Commands.run(copy, Map.of(),
                List.of("node", "ops/monitoring/check.mjs", copy.resolve("queries.yml").toString()), Duration.ofMinutes(1));
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("tabbi_sandboxes_alive is not a metric docs/DEPLOYMENT.md names")
                .contains("no panel shows tabbi_sandboxes_live");
    }

    /**
     * The compose file takes its passwords from docker/.env and from nowhere else: without them it refuses to run
     * and says where they go, rather than giving the app a default that the database volume does not have.
     */
    @Test
    void composeRefusesToRunWithoutItsPasswords() throws Exception {
        Path dir = Files.createTempDirectory(Paths.target(), "compose");
        Files.copy(PROJECT.resolve("docker/compose.yml"), dir.resolve("compose.yml"));
        Files.copy(PROJECT.resolve("docker/tabbi.env.example"), dir.resolve("tabbi.env"));
        List<String> compose = run(List.of("bash", "-c", "docker compose version")).exit() == 0
                ? List.of("docker", "compose") : List.of("docker-compose");
        List<String> config = new java.util.ArrayList<>(compose);
        config.addAll(List.of("-f", dir.resolve("compose.yml").toString(), "config", "-q"));

        Commands.Result without = run(config);
        assertThat(without.exit()).as(without.output()).isNotZero();
        assertThat(without.output()).contains("TABBI_DB_PASSWORD").contains("docker/.env");

        Files.writeString(dir.resolve(".env"), "TABBI_DB_PASSWORD=a\nTABBI_REDIS_PASSWORD=b\n");
        Commands.Result with = run(config);
        assertThat(with.exit()).as(with.output()).isZero();
    }

    @Test
    void everySettingTheFilesNameIsARealOne() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher rows = Pattern.compile("^\\| `[a-z0-9.-]+` \\| `([A-Z0-9_]+)` \\|", Pattern.MULTILINE)
                .matcher(Files.readString(PROJECT.resolve("docs/CONFIGURATION.md")));
        while (rows.find()) {
            documented.add(rows.group(1));
        }
        for (String file : List.of("docker/k8s/configmap.yaml", "docker/k8s/secrets.env.example", "docker/tabbi.env.example")) {
            Set<String> named = new TreeSet<>();
            Matcher names = ENV_NAME.matcher(Files.readString(PROJECT.resolve(file)));
            while (names.find()) {
                named.add(names.group(1));
            }
            assertThat(named).as(file).isNotEmpty();
            assertThat(documented).as(file + " names only documented settings").containsAll(named);
        }
        String compose = Files.readString(PROJECT.resolve("docker/compose.yml"));
        String app = compose.substring(compose.indexOf("  app:"), compose.indexOf("  nginx:"));
        Matcher names = ENV_NAME.matcher(app.substring(app.indexOf("environment:")));
        while (names.find()) {
            assertThat(documented).as("compose's app environment").contains(names.group(1));
        }
    }

    @Test
    void probesAreTheAppsEndpointsAndNoProxyBuffersEventStreams() throws IOException {
        String deployment = Files.readString(PROJECT.resolve("docker/k8s/deployment.yaml"));
        assertThat(deployment).contains("startupProbe:", "livenessProbe:", "readinessProbe:")
                .contains("path: /health/live").contains("path: /health/ready");
        assertThat(deployment).as("the autoscaler owns the count").doesNotContain("replicas:");
        assertThat(Files.readString(PROJECT.resolve("docker/k8s/ingress.yaml")))
                .contains("name: tabbi-operations")
                .contains("nginx.ingress.kubernetes.io/denylist-source-range: \"0.0.0.0/0,::/0\"")
                .contains("- path: /metrics")
                .contains("nginx.ingress.kubernetes.io/proxy-buffering: \"off\"")
                .contains("nginx.ingress.kubernetes.io/proxy-read-timeout: \"3600\"");
        assertThat(Files.readString(PROJECT.resolve("docker/nginx/tabbi.conf")))
                .contains("proxy_buffering off;").contains("proxy_read_timeout 1h;").contains("proxy_http_version 1.1;");
        assertThat(Files.readString(PROJECT.resolve("docker/Dockerfile")))
                .contains("USER payara").contains("HEALTHCHECK").contains("-XX:MaxRAMPercentage");
    }

    private static Commands.Result run(List<String> command) throws IOException, InterruptedException {
        return Commands.run(Map.of(), command, Duration.ofMinutes(5));
    }
}
