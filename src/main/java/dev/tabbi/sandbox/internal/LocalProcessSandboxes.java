package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.AgentConnection;
import dev.tabbi.sandbox.AgentModel;
import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxProvider;
import dev.tabbi.sandbox.SandboxSpec;
import dev.tabbi.sandbox.WorkspaceEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Sandboxes as child processes of this server: one {@code opencode serve} per session, in a directory of its own
 * (workspace, home, XDG dirs), on a port we pick, behind a random password, with an environment built from scratch
 * so no secret of the host leaks into the agent. For development and single-machine installs.
 */
public final class LocalProcessSandboxes implements SandboxProvider {
    private static final Logger LOG = Logger.getLogger(LocalProcessSandboxes.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PID_FILE = "agent.pid";
    private static final String SESSION_FILE = "session";
    private static final String BASE_FILE = "base";
    private static final String SETTINGS_FILE = "agent-settings.json";
    private static final String SKILLS_DIR = "xdg/config/opencode/skills";
    /** The id git gives the empty tree: the starting point of a workspace that began empty. */
    private static final String EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    private record Running(Sandbox sandbox, Process process, Path dir) {
    }

    private final Path root;
    private final Path opencode;
    private final AgentModel defaultModel;
    private final AgentHealth health;
    private final Duration turnTimeout;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    /**
     * @param root     directory under which every sandbox gets its own
     * @param opencode the {@code opencode} executable (from the npm package {@code opencode-ai})
     * @param startTimeout how long the agent may take to answer its health check
     * @param defaultModel the model of sandboxes whose spec names none
     * @param turnTimeout  the longest a turn may run before it is aborted
     */
    public LocalProcessSandboxes(Path root, Path opencode, Duration startTimeout, AgentModel defaultModel,
            Duration turnTimeout) {
        this.root = root;
        this.opencode = opencode;
        this.defaultModel = defaultModel;
        this.turnTimeout = turnTimeout;
        this.health = new AgentHealth(startTimeout);
    }

    @Override
    public Sandbox create(SandboxSpec spec) {
        requireRuntime();
        String id = "sbx_" + HexFormat.of().formatHex(randomBytes(8));
        Path dir = root.resolve(id);
        try {
            prepareDirectories(dir);
            Path workspace = dir.resolve("workspace");
            if (spec.repo() == null) {
                HostCommands.git(workspace, "init", "--quiet", "--initial-branch=main");
            } else {
                GitClone.into(workspace, spec.repo(), "the repository");
            }
            // the diff's starting point: the commit cloned, or nothing
            Files.writeString(dir.resolve(BASE_FILE), GitClone.head(workspace).orElse(EMPTY_TREE));
            for (var skill : spec.skills()) {
                String name = skill.url().getPath().replaceAll("^/+|\\.git$", "").replace('/', '-');
                GitClone.into(Files.createDirectories(dir.resolve(SKILLS_DIR).resolve(name)), skill, "the skill " + name);
            }
            if (spec.agentSettings() != null) {
                Files.writeString(dir.resolve(SETTINGS_FILE), spec.agentSettings());
            }
        } catch (IOException e) {
            HostCommands.deleteQuietly(dir);
            throw new SandboxException("the sandbox could not be created", e);
        } catch (SandboxException e) {
            HostCommands.deleteQuietly(dir);
            throw e;
        }
        return start(id, dir, spec);
    }

    /**
     * Stops the agent, archives the workspace and the agent's data directory (its conversations) into
     * {@code <root>/snapshots/<id>.tar.gz} and removes the sandbox's directory. The snapshot is the sandbox id: a
     * resumed sandbox gets the same directory back, since the agent knows its project by that path.
     */
    @Override
    public String pause(String sandboxId) {
        Running sandbox = running.remove(sandboxId);
        if (sandbox == null) {
            throw new SandboxException("the sandbox is not running on this server");
        }
        HostCommands.stopTree(sandbox.process().toHandle());
        try {
            Files.createDirectories(snapshots());
            Path archive = snapshots().resolve(sandboxId + ".tar.gz");
            List<String> command = new java.util.ArrayList<>(List.of("tar", "-czf", archive.toString(), "workspace",
                    "xdg/data", SKILLS_DIR, BASE_FILE));
            if (Files.exists(sandbox.dir().resolve(SETTINGS_FILE))) {
                command.add(SETTINGS_FILE); // the session's agents and MCP servers, for the resumed agent
            }
            HostCommands.run(sandbox.dir(), Duration.ofMinutes(5), command.toArray(String[]::new));
        } catch (IOException e) {
            throw new SandboxException("the sandbox's snapshot could not be written", e);
        }
        HostCommands.deleteQuietly(sandbox.dir());
        LOG.info("sandbox.paused id=" + sandboxId);
        return sandboxId;
    }

    @Override
    public Sandbox resume(String snapshot, SandboxSpec spec) {
        requireRuntime();
        Path archive = snapshotArchive(snapshot);
        if (!Files.isRegularFile(archive)) {
            throw new SandboxException("the session's snapshot is gone");
        }
        Path dir = root.resolve(snapshot);
        try {
            HostCommands.deleteQuietly(dir);
            prepareDirectories(dir);
            HostCommands.run(dir, Duration.ofMinutes(5), "tar", "-xzf", archive.toString());
        } catch (IOException e) {
            HostCommands.deleteQuietly(dir);
            throw new SandboxException("the sandbox's snapshot could not be restored", e);
        }
        Sandbox sandbox = start(snapshot, dir, spec);
        discardSnapshot(snapshot);
        return sandbox;
    }

    @Override
    public void discardSnapshot(String snapshot) {
        try {
            Files.deleteIfExists(snapshotArchive(snapshot));
        } catch (IOException e) {
            LOG.warning("sandbox.snapshot_delete_failed id=" + snapshot);
        }
    }

    private Path snapshots() {
        return root.resolve("snapshots");
    }

    private Path snapshotArchive(String snapshot) {
        if (!snapshot.matches("sbx_[0-9a-f]{16}")) {
            throw new SandboxException("not a snapshot of this provider");
        }
        return snapshots().resolve(snapshot + ".tar.gz");
    }

    private void requireRuntime() {
        if (!Files.isExecutable(opencode)) {
            throw new SandboxException("the agent runtime (opencode) is not installed on this server");
        }
    }

    /** Starts the agent in a prepared sandbox directory and waits until it answers. */
    private Sandbox start(String id, Path dir, SandboxSpec spec) {
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
        int port = freePort();
        Process process;
        try {
            Files.writeString(dir.resolve(SESSION_FILE), spec.sessionId()); // which session a directory serves
            ProcessBuilder builder = new ProcessBuilder(opencode.toString(), "serve", "--port", Integer.toString(port),
                    "--hostname", "127.0.0.1")
                    .directory(dir.resolve("workspace").toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile()));
            builder.environment().clear();
            AgentModel model = defaultModel.named(spec.model());
            Path settings = dir.resolve(SETTINGS_FILE);
            String agentSettings = Files.exists(settings) ? Files.readString(settings) : null;
            builder.environment().putAll(OpenCodeSettings.environment(dir, password, model, agentSettings));
            process = builder.start();
        } catch (IOException e) {
            HostCommands.deleteQuietly(dir);
            throw new SandboxException("the sandbox could not be created", e);
        }
        Sandbox sandbox = new Sandbox(id, spec.sessionId(), URI.create("http://127.0.0.1:" + port),
                OpenCodeSettings.USER, password);
        running.put(id, new Running(sandbox, process, dir));
        try {
            Files.writeString(dir.resolve(PID_FILE), Long.toString(process.pid()));
            health.awaitHealthy(sandbox, process);
        } catch (IOException | SandboxException e) {
            List<String> log = logs(id, 5);
            terminate(id);
            throw new SandboxException("the agent did not start: " + e.getMessage()
                    + (log.isEmpty() ? "" : "; agent said: " + String.join(" | ", log)));
        }
        LOG.info("sandbox.started id=" + id + " session_id=" + spec.sessionId() + " port=" + port + " pid=" + process.pid());
        return sandbox;
    }

    @Override
    public AgentConnection connect(Sandbox sandbox, String agentSessionId) {
        return new OpenCodeConnection(sandbox, turnTimeout, agentSessionId);
    }

    /**
     * Everything in the workspace (tracked or not, minus what .gitignore hides) against the starting point, through
     * a throw-away index so the user's own index and history stay untouched.
     */
    @Override
    public java.util.Optional<String> diff(String sandboxId, long maxBytes) {
        Running sandbox = running.get(sandboxId);
        if (sandbox == null) {
            return java.util.Optional.empty();
        }
        Path index = sandbox.dir().resolve("diff.index");
        Path output = sandbox.dir().resolve("diff.out");
        try {
            String base = Files.readString(sandbox.dir().resolve(BASE_FILE)).strip();
            Map<String, String> env = Map.of("GIT_INDEX_FILE", index.toString());
            Path workspace = sandbox.dir().resolve("workspace");
            HostCommands.run(workspace, Duration.ofSeconds(60), env, null, "git", "add", "--all", ".");
            HostCommands.run(workspace, Duration.ofSeconds(60), env, output, "git", "diff", "--cached", "--no-color", "--binary", base);
            byte[] bytes;
            try (var in = Files.newInputStream(output)) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE, maxBytes));
            }
            return java.util.Optional.of(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SandboxException("the diff could not be computed", e);
        } finally {
            HostCommands.deleteQuietly(index);
            HostCommands.deleteQuietly(output);
        }
    }

    @Override
    public long workspaceBytes(String sandboxId) {
        Running sandbox = running.get(sandboxId);
        if (sandbox == null) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(sandbox.dir().resolve("workspace"))) {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    @Override
    public java.util.Optional<WorkspaceEntry> workspace(String sandboxId, String path, long maxBytes) {
        Running sandbox = running.get(sandboxId);
        if (sandbox == null) {
            return java.util.Optional.empty();
        }
        return WorkspaceFiles.read(sandbox.dir().resolve("workspace"), path, maxBytes);
    }

    @Override
    public boolean isRunning(String sandboxId) {
        Running sandbox = running.get(sandboxId);
        return sandbox != null && sandbox.process().isAlive();
    }

    @Override
    public List<String> logs(String sandboxId, int tail) {
        Running sandbox = running.get(sandboxId);
        if (sandbox == null) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(sandbox.dir().resolve("agent.log"))) {
            List<String> all = lines.toList();
            return all.subList(Math.max(0, all.size() - Math.max(0, tail)), all.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    @Override
    public void terminate(String sandboxId) {
        Running sandbox = running.remove(sandboxId);
        if (sandbox == null) {
            return;
        }
        HostCommands.stopTree(sandbox.process().toHandle());
        HostCommands.deleteQuietly(sandbox.dir());
        LOG.info("sandbox.terminated id=" + sandboxId);
    }

    /** Stops every sandbox this provider runs (the app is stopping). */
    public void terminateAll() {
        List.copyOf(running.keySet()).forEach(this::terminate);
    }

    /**
     * The backstop after a crash: every sandbox directory under the root that this provider does not run belongs
     * to no session any more. Its agent (found by the pid file, and only if that process still is an opencode
     * server) is stopped with everything it started, and the directory removed. Returns the ids reaped.
     */
    public List<String> reapOrphans() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> reaped = new java.util.ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("sbx_")).toList()) {
                if (running.containsKey(dir.getFileName().toString())) {
                    continue;
                }
                orphanAgent(dir).ifPresent(HostCommands::stopTree);
                HostCommands.deleteQuietly(dir);
                reaped.add(dir.getFileName().toString());
            }
        } catch (IOException e) {
            LOG.warning("sandbox.reap_failed error=\"" + e.getClass().getSimpleName() + "\"");
        }
        if (!reaped.isEmpty()) {
            LOG.info("sandbox.reaped_orphans count=" + reaped.size());
        }
        return reaped;
    }

    private static java.util.Optional<ProcessHandle> orphanAgent(Path dir) {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve(PID_FILE)).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains("opencode") && c.contains(" serve")).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The sandbox's directories, and a stub that stops OpenCode from npm-installing its plugin package into its
     * config directory at every start (it skips the install when the lock file already lists the package). The
     * workspace is a git repository of its own: OpenCode treats the enclosing repository as the project otherwise,
     * and the diff of a session is taken against it.
     */
    private static void prepareDirectories(Path dir) throws IOException {
        for (String sub : new String[] {"workspace", "home", "xdg/data", "xdg/cache", "xdg/state", SKILLS_DIR}) {
            Files.createDirectories(dir.resolve(sub));
        }
        Path config = Files.createDirectories(dir.resolve("xdg/config/opencode"));
        Files.createDirectories(config.resolve("node_modules"));
        Files.writeString(config.resolve("package-lock.json"), "{\"name\":\"opencode-config\",\"lockfileVersion\":3,"
                + "\"packages\":{\"\":{\"dependencies\":{\"@opencode-ai/plugin\":\"*\"}}}}\n");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new SandboxException("no free port for the sandbox", e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
