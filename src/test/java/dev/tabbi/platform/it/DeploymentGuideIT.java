package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Commands;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deployment guide's verification, run as an operator would: every command of its Verify section is in
 * docs/verify-deployment.sh, and that script passes against a live server.
 */
class DeploymentGuideIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static final Pattern SHELL_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theSecretsTheGuideGeneratesAreOnesTheAppAccepts() throws Exception {
        String guide = Files.readString(Paths.project().resolve("docs/DEPLOYMENT.md"));
        String secrets = guide.substring(guide.indexOf("## Secrets"), guide.indexOf("## GitHub OAuth app"));
        Matcher block = SHELL_BLOCK.matcher(secrets);
        assertThat(block.find()).isTrue();
        List<String> lines = block.group(1).strip().lines().map(line -> line.replaceAll("\\s+#.*$", "")).toList();
        assertThat(lines).hasSize(3);
        String pepper = shell(lines.get(0));
        assertThat(pepper.length()).as("KEYS_PEPPER needs at least 32 characters").isGreaterThanOrEqualTo(32);
        String tokenKeys = shell(lines.get(1));
        assertThat(tokenKeys).matches("k1:[A-Za-z0-9+/]{43}=");
        assertThat(java.util.Base64.getDecoder().decode(tokenKeys.substring(3))).as("an AES-256 key").hasSize(32);
        assertThat(java.util.Base64.getDecoder().decode(shell(lines.get(2)))).as("the page-state secret").hasSize(32);
    }

    /** The guide's {@code docker run} gets every setting of "the smallest working set" from its env file or a flag. */
    @Test
    void theDockerRunExampleGivesTheAppEveryRequiredSetting() throws Exception {
        String guide = Files.readString(Paths.project().resolve("docs/DEPLOYMENT.md"));
        String running = guide.substring(guide.indexOf("The smallest working set:"), guide.indexOf("### Payara Micro"));
        List<String> required = new ArrayList<>();
        Matcher names = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(running);
        while (names.find()) {
            required.add(names.group(1));
        }
        assertThat(required).contains("DB_PASSWORD", "KEYS_PEPPER", "REDIS_URL");

        String image = guide.substring(guide.indexOf("### The container image"), guide.indexOf("### Docker Compose"));
        Matcher block = SHELL_BLOCK.matcher(image);
        assertThat(block.find()).isTrue();
        String run = block.group(1).substring(block.group(1).indexOf("docker run"));
        assertThat(run).contains("--env-file docker/tabbi.env");
        List<String> given = new ArrayList<>();
        Matcher flags = Pattern.compile("-e ([A-Z][A-Z0-9_]+)=").matcher(run);
        while (flags.find()) {
            given.add(flags.group(1));
        }
        Matcher envFile = Pattern.compile("(?m)^([A-Z][A-Z0-9_]+)=")
                .matcher(Files.readString(Paths.project().resolve("docker/tabbi.env.example")));
        while (envFile.find()) {
            given.add(envFile.group(1));
        }
        assertThat(given).containsAll(required);
    }

    /**
     * The guide's Kubernetes steps apply every manifest of docker/k8s, make every Secret and ConfigMap the manifests
     * refer to, and the secrets template holds every secret of the smallest working set.
     */
    @Test
    void theKubernetesStepsApplyEveryManifestAndMakeWhatTheyReferTo() throws Exception {
        String guide = Files.readString(Paths.project().resolve("docs/DEPLOYMENT.md"));
        String section = guide.substring(guide.indexOf("### Kubernetes"), guide.indexOf("### Another Jakarta EE 10 server"));
        Matcher block = SHELL_BLOCK.matcher(section);
        assertThat(block.find()).isTrue();
        String steps = block.group(1);
        assertThat(steps).contains("docker push ").contains("kubectl apply -f docker/k8s/namespace.yaml");
        StringBuilder manifests = new StringBuilder();
        try (var files = Files.list(Paths.project().resolve("docker/k8s"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                assertThat(steps).as("applied").contains("docker/k8s/" + file.getFileName());
                manifests.append(Files.readString(file));
            }
        }
        Matcher secrets = Pattern.compile("(?:secretName:|secretRef:\\s*name:|secretKeyRef:\\s*name:) *([a-z-]+)")
                .matcher(manifests);
        while (secrets.find()) {
            assertThat(steps).as("secret " + secrets.group(1)).containsPattern("create secret \\w+ " + secrets.group(1) + " ");
        }
        Matcher configMaps = Pattern.compile("configMap:\\s*name: *([a-z-]+)").matcher(manifests);
        while (configMaps.find()) {
            assertThat(steps).as("configmap " + configMaps.group(1)).contains("create configmap " + configMaps.group(1) + " ");
        }
        String template = Files.readString(Paths.project().resolve("docker/k8s/secrets.env.example"));
        for (String secret : List.of("DB_PASSWORD", "REDIS_URL", "KEYS_PEPPER", "IDENTITY_TOKEN_ENCRYPTION_KEYS",
                "DASHBOARD_VIEW_STATE_SECRET", "GITHUB_CLIENT_SECRET", "AGENT_MODEL_API_KEY")) {
            assertThat(template).containsPattern("(?m)^" + secret + "=$");
        }
    }

    private static String shell(String command) throws Exception {
        Commands.Result result = Commands.run(Map.of(), List.of("bash", "-c", command), Duration.ofSeconds(30));
        assertThat(result.exit()).as(result.output()).isZero();
        return result.output().strip();
    }

    @Test
    void theGuidesVerificationCommandsAreTheScriptAndItPasses() throws Exception {
        String guide = Files.readString(Paths.project().resolve("docs/DEPLOYMENT.md"));
        String verify = guide.substring(guide.indexOf("## Verify"), guide.indexOf("## More than one replica"));
        String script = Files.readString(Paths.project().resolve("docs/verify-deployment.sh"));
        List<String> commands = new ArrayList<>();
        Matcher blocks = SHELL_BLOCK.matcher(verify);
        while (blocks.find()) {
            commands.add(blocks.group(1).strip());
        }
        assertThat(commands).hasSizeGreaterThanOrEqualTo(7).allSatisfy(command -> assertThat(script).contains(command));

        String server = tabbi.baseUri().toString(); // started, so its schema exists
        var db = TestEnvironment.get().database();
        String key = TestKeys.insertKey(db, TestKeys.insertUser(db, "guide-operator"), KeyEnvironment.LIVE, null, null);
        Commands.Result run = Commands.run(Map.of("TABBI", server, "KEY", key), List.of("bash", "docs/verify-deployment.sh"),
                Duration.ofMinutes(5));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).endsWith("deployment verified\n");
    }
}
