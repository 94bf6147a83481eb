package dev.tabbi.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabbi.sandbox.AgentModel;
import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxSpec;
import dev.tabbi.sandbox.internal.LocalProcessSandboxes;
import dev.tabbi.testsupport.FakeModel;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local provider with the real OpenCode server (npm {@code opencode-ai}) and a scripted model: the agent starts
 * isolated and offline, demands its password, does real work in its workspace, and leaves nothing behind.
 */
class LocalSandboxIT {
    private static final Path OPENCODE = Path.of(System.getProperty("it.opencode",
            System.getProperty("user.home") + "/.cache/tabbi/opencode/node_modules/opencode-ai/bin/opencode.exe"));
    private static FakeModel model;
    private static LocalProcessSandboxes sandboxes;
    private static Path root;

    @BeforeAll
    static void start() throws Exception {
        assertThat(OPENCODE).as("opencode-ai is installed (.ci/run does it)").isExecutable();
        model = new FakeModel();
        root = Files.createDirectories(Paths.target().resolve("it-sandboxes"));
        sandboxes = new LocalProcessSandboxes(root, OPENCODE, Duration.ofSeconds(60), model(), Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    private static AgentModel model() {
        return new AgentModel("scripted", "fake-model", model.baseUrl(), "not-a-real-key");
    }

    private static SandboxSpec spec(String session) {
        return SandboxSpec.forSession(session);
    }

    @Test
    void theAgentDoesRealWorkInItsOwnWorkspaceAndLeavesNothingBehind() throws Exception {
        Sandbox sandbox = sandboxes.create(spec("session-1"));
        Path dir = root.resolve(sandbox.id());
        long pid = agentPid(sandbox);

        assertThat(Http.send(HttpRequest.newBuilder(sandbox.agentUrl().resolve("/global/health"))).statusCode())
                .as("the agent refuses requests without its password").isEqualTo(401);

        String agentSession = Http.json(agent(sandbox, "POST", "/session", "{\"title\":\"test\"}")).getString("id");
        HttpResponse<String> prompt = agent(sandbox, "POST", "/session/" + agentSession + "/prompt_async",
                "{\"parts\":[{\"type\":\"text\",\"text\":\"please create hello.txt\"}]}");
        assertThat(prompt.statusCode()).isBetween(200, 204);

        Path file = dir.resolve("workspace/hello.txt");
        Instant deadline = Instant.now().plusSeconds(60);
        for (int attempt = 0; !Files.exists(file) && Instant.now().isBefore(deadline) && sandboxes.isRunning(sandbox.id()); attempt++) {
            dev.tabbi.testsupport.Poll.pause(attempt);
        }
        assertThat(file).as("written by the agent's write tool").hasContent("hello from the scripted model");
        assertThat(model.prompts()).anySatisfy(p -> assertThat(p).contains("create hello.txt"));
        assertThat(dir.resolve("xdg/config/opencode/node_modules")).as("no plugin install into the config dir")
                .isEmptyDirectory();
        assertThat(sandboxes.logs(sandbox.id(), 50)).isNotNull();

        sandboxes.terminate(sandbox.id());

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("agent process gone").isFalse();
        assertThat(dir).doesNotExist();
        assertThat(sandboxes.isRunning(sandbox.id())).isFalse();
    }

    @Test
    void theAgentGetsNoneOfTheHostsEnvironment() throws Exception {
        Sandbox sandbox = sandboxes.create(spec("session-2"));
        try {
            long pid = agentPid(sandbox);
            String environ = Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.UTF_8);
            assertThat(environ).contains("HOME=" + root.resolve(sandbox.id()).resolve("home"))
                    .contains("OPENCODE_DISABLE_AUTOUPDATE=1")
                    .doesNotContain("KEYS_PEPPER", "DB_PASSWORD", "GITHUB_CLIENT_SECRET", "MAVEN");
        } finally {
            sandboxes.terminate(sandbox.id());
        }
    }

    @Test
    void sandboxesLeftByACrashedServerAreReapedWithTheirProcesses() {
        Sandbox orphan = sandboxes.create(spec("session-4"));
        long pid = agentPid(orphan);

        LocalProcessSandboxes afterRestart = new LocalProcessSandboxes(root, OPENCODE, Duration.ofSeconds(60), model(), Duration.ofSeconds(60));
        assertThat(afterRestart.reapOrphans()).contains(orphan.id());

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(root.resolve(orphan.id())).doesNotExist();
        sandboxes.terminate(orphan.id()); // the old provider's bookkeeping only
    }

    private static long agentPid(Sandbox sandbox) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("--port " + sandbox.agentUrl().getPort())).orElse(false))
                .findFirst().orElseThrow().pid();
    }

    @Test
    void aMissingRuntimeIsAClearError() {
        LocalProcessSandboxes broken = new LocalProcessSandboxes(root, root.resolve("no-such-opencode"), Duration.ofSeconds(5), model(), Duration.ofSeconds(60));
        assertThatThrownBy(() -> broken.create(spec("session-3")))
                .isInstanceOf(SandboxException.class).hasMessageContaining("not installed");
    }

    private static HttpResponse<String> agent(Sandbox sandbox, String method, String path, String body) {
        String credentials = sandbox.agentUser() + ":" + sandbox.agentPassword();
        return Http.send(HttpRequest.newBuilder(sandbox.agentUrl().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }
}
