package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.Commands;
import dev.tabbi.testsupport.Paths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/DEPLOYMENT.md's Docker Compose section, followed command by command in a copy of the project, as an operator
 * would on a machine without a container engine: every command but {@code up} runs as written; then compose checks
 * the result, and Debian's nginx runs the proxy's configuration with the certificate the section made, in a network
 * namespace of its own (bubblewrap) where it holds ports 80 and 443 and the name {@code app} is loopback.
 */
class DeploymentComposeGuideIT {
    private static final Pattern SHELL_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static Path checkout;
    private static List<String> compose;

    @BeforeAll
    static void followTheSection() throws Exception {
        checkout = Files.createTempDirectory(Paths.target(), "compose-guide");
        for (String file : List.of("docker/compose.yml", "docker/tabbi.env.example", "docker/compose.env.example",
                "docker/nginx/tabbi.conf", "ops/backup.sh", "ops/restore.sh")) {
            Files.createDirectories(checkout.resolve(file).getParent());
            Files.copy(Paths.project().resolve(file), checkout.resolve(file));
        }
        compose = run(List.of("bash", "-c", "docker compose version")).exit() == 0
                ? List.of("docker", "compose") : List.of("docker-compose");

        List<String> commands = sectionCommands();
        assertThat(commands).as("the section starts the stack").anyMatch(c -> c.startsWith("docker compose") && c.contains(" up "));
        for (String command : commands) {
            if (command.startsWith("docker compose") && command.contains(" up ")) {
                continue; // needs a container engine
            }
            String runnable = command.startsWith("docker compose ")
                    ? String.join(" ", compose) + command.substring("docker compose".length()) : command;
            Commands.Result result = run(List.of("bash", "-c", runnable));
            assertThat(result.exit()).as(command + "\n" + result.output()).isZero();
        }
    }

    @Test
    void theEnvFileHoldsBothPasswordsAndComposeAcceptsTheResult() throws Exception {
        String env = Files.readString(checkout.resolve("docker/.env"));
        assertThat(env).containsPattern("(?m)^TABBI_DB_PASSWORD=[0-9a-f]{64}$")
                .containsPattern("(?m)^TABBI_REDIS_PASSWORD=[0-9a-f]{64}$");

        List<String> config = new ArrayList<>(compose);
        config.addAll(List.of("-f", "docker/compose.yml", "--profile", "backup", "config"));
        Commands.Result result = run(config);
        assertThat(result.exit()).as(result.output()).isZero();
        String app = result.output().substring(result.output().indexOf("\n  app:"));
        app = app.substring(0, app.indexOf("\n  backup:") > 0 ? app.indexOf("\n  backup:") : app.length());
        assertThat(app).as("the app is published on loopback only")
                .containsPattern("127\\.0\\.0\\.1:8080:8080|host_ip: 127\\.0\\.0\\.1");
        assertThat(result.output()).contains("PGHOST: postgres").contains("BACKUP_KEEP_DAYS");
    }

    @Test
    void nginxTakesTheCertificateRedirectsHttpAndKeepsMetricsIn() throws Exception {
        Path run = Files.createDirectories(checkout.resolve("nginx-run"));
        Files.writeString(run.resolve("hosts"), "127.0.0.1 localhost app\n");
        Files.writeString(run.resolve("nginx.conf"), """
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events {}
                http {
                    access_log off;
                    client_body_temp_path %1$s/body; proxy_temp_path %1$s/proxy; fastcgi_temp_path %1$s/fcgi;
                    uwsgi_temp_path %1$s/uwsgi; scgi_temp_path %1$s/scgi;
                    include %2$s;
                }
                """.formatted(run, checkout.resolve("docker/nginx/tabbi.conf")));
        String nginx = "nginx -e " + run.resolve("error.log") + " -c " + run.resolve("nginx.conf");
        // nginx in the foreground of this shell, stopped when it exits however the checks went: a daemon would
        // outlive the namespace's shell.
        String probe = String.join("\n",
                "set -e",
                nginx + " -t",
                nginx + " -g 'daemon off;' & trap \"kill $!\" EXIT",
                "for i in $(seq 100); do curl -s -o /dev/null http://localhost/ && break; sleep 0.05; done",
                "curl -s -o /dev/null -w 'http %{http_code} %{redirect_url}\\n' 'http://localhost/v1/sessions?limit=1'",
                "curl -sk -o /dev/null -w 'metrics %{http_code}\\n' https://localhost/metrics",
                "curl -sk -o /dev/null -w 'openapi %{http_code}\\n' https://localhost/openapi",
                "curl -sk -o /dev/null -D - https://localhost/v1/sessions");
        Commands.Result result = run(List.of("bwrap", "--dev-bind", "/", "/", "--unshare-net",
                "--tmpfs", "/etc/nginx", "--bind", checkout.resolve("docker/nginx/certs").toString(), "/etc/nginx/certs",
                "--ro-bind", run.resolve("hosts").toString(), "/etc/hosts", "bash", "-c", probe));

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("test is successful")
                .contains("http 301 https://localhost/v1/sessions?limit=1")
                .contains("metrics 404").contains("openapi 404")
                .as("TLS ends at nginx, which hands the request to the app (not running here)").contains("HTTP/2 502")
                .containsIgnoringCase("strict-transport-security: max-age=31536000");
    }

    /** The section's shell commands, continuation lines joined and trailing comments dropped. */
    private static List<String> sectionCommands() throws IOException {
        String guide = Files.readString(Paths.project().resolve("docs/DEPLOYMENT.md"));
        String section = guide.substring(guide.indexOf("### Docker Compose"), guide.indexOf("### Kubernetes"));
        Matcher block = SHELL_BLOCK.matcher(section);
        assertThat(block.find()).isTrue();
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : block.group(1).lines().toList()) {
            String code = line.replaceAll("\\s+#.*$", "").strip();
            if (code.endsWith("\\")) {
                current.append(code, 0, code.length() - 1).append(' ');
            } else if (!code.isEmpty() || current.length() > 0) {
                commands.add(current.append(code).toString().strip());
                current.setLength(0);
            }
        }
        return commands;
    }

    private static Commands.Result run(List<String> command) throws IOException, InterruptedException {
        return Commands.run(checkout == null ? Paths.project() : checkout, Map.of(), command, Duration.ofMinutes(2));
    }
}
