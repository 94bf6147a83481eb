package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;

/**
 * Starts and stops the agent of one local sandbox: a host user of its own, a fresh password, a model token of its
 * own ({@link ModelEndpoints}), its processes fenced in ({@link LocalAgentLauncher}), and a wait until it answers.
 * A failed start leaves nothing behind.
 */
final class LocalSandboxStarts {
    private static final Logger LOG = Logger.getLogger(LocalSandboxStarts.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String PID_FILE = "agent.pid";
    /** Which session a sandbox directory serves (a pooled one: {@link #POOLED}). */
    static final String SESSION_FILE = "session";
    /** The session of a pooled sandbox: none, and nothing the model gateway takes for one. */
    static final String POOLED = "pooled";
    private static final int LOG_LINES_ON_FAILURE = 5;
    private static final long MAX_LOG_READ = 64 * 1024;

    private final Confinement confinement;
    private final ModelEndpoints models;
    private final LocalAgentLauncher launcher;
    private final AgentHealth health;

    LocalSandboxStarts(Confinement confinement, ModelEndpoints models, LocalAgentLauncher launcher, AgentHealth health) {
        this.confinement = confinement;
        this.models = models;
        this.launcher = launcher;
        this.health = health;
    }

    /** A new sandbox id: random, so one session cannot guess another's. */
    private static String newId() {
        return "sbx_" + HexFormat.of().formatHex(randomBytes(8));
    }

    /**
     * A new sandbox under {@code root} for {@code spec}: its directory made ({@link LocalSandboxDirectory#populate}),
     * its agent started. A pooled sandbox's spec is for {@link #POOLED}: the workspace of a session without a
     * repository, and an agent that has already loaded it as its project (its first call takes a few hundred ms) and
     * opened the conversation its session will have.
     */
    RunningLocalSandbox startNew(Path root, SandboxSpec spec) {
        String id = newId();
        Path dir = root.resolve(id);
        try {
            LocalSandboxDirectory.populate(dir, spec);
        } catch (IOException | RuntimeException e) {
            HostCommands.deleteQuietly(dir);
            throw e instanceof SandboxException known ? known : new SandboxException("the sandbox could not be created", e);
        }
        RunningLocalSandbox started = start(id, dir, spec);
        if (POOLED.equals(spec.sessionId())) {
            try {
                health.loadProject(started.sandbox());
                return started.withOpenedAgentSession(health.openSession(started.sandbox()));
            } catch (SandboxException e) {
                stop(started);
                throw e;
            }
        }
        return started;
    }

    /** Starts the agent in the prepared sandbox directory {@code dir} and waits until it answers. */
    RunningLocalSandbox start(String id, Path dir, SandboxSpec spec) {
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
        int uid = confinement.takeUser();
        LocalAgentLauncher.Started started;
        try {
            Files.writeString(dir.resolve(SESSION_FILE), spec.sessionId());
            for (String own : new String[] {"workspace", "home", "xdg", "run"}) {
                confinement.own(dir.resolve(own), uid);
            }
            Path settings = dir.resolve(LocalSandboxDirectory.SETTINGS_FILE);
            String agentSettings = Files.exists(settings) ? Files.readString(settings) : null;
            started = launcher.start(dir, uid, password, models.open(id, spec), agentSettings, spec.environment());
        } catch (IOException | RuntimeException e) {
            confinement.releaseUser(uid);
            models.close(id);
            HostCommands.deleteQuietly(dir);
            throw e instanceof SandboxException known ? known : new SandboxException("the sandbox could not be created", e);
        }
        Sandbox sandbox = new Sandbox(id, spec.sessionId(), started.agentUrl(), OpenCodeSettings.USER, password);
        RunningLocalSandbox running = new RunningLocalSandbox(sandbox, started.agent(), started.relays(), dir, uid, null);
        try {
            Files.writeString(dir.resolve(PID_FILE), Long.toString(started.agent().pid()));
            health.awaitHealthy(sandbox, started.agent());
        } catch (IOException | SandboxException e) {
            List<String> log = HostCommands.tail(dir.resolve("agent.log"), LOG_LINES_ON_FAILURE, MAX_LOG_READ);
            stop(running);
            throw new SandboxException("the agent did not start: " + e.getMessage()
                    + (log.isEmpty() ? "" : "; agent said: " + String.join(" | ", log)));
        }
        LOG.info("sandbox.started id=" + id + " session_id=" + spec.sessionId() + " isolated=" + confinement.isolated()
                + " pid=" + started.agent().pid());
        return running;
    }

    /**
     * A pooled sandbox given to the session of {@code spec}: its directory and its model token now belong to that
     * session, and its workspace gets the session's repositories, if any ({@link LocalSandboxDirectory#fillWorkspace}).
     */
    RunningLocalSandbox assign(RunningLocalSandbox pooled, SandboxSpec spec) {
        Path dir = pooled.dir();
        String conversation = pooled.openedAgentSession();
        try {
            Files.writeString(dir.resolve(SESSION_FILE), spec.sessionId());
            if (spec.repo() != null || !spec.repositories().isEmpty()) {
                fillPooledWorkspace(dir, spec, pooled.uid());
                health.reloadProject(pooled.sandbox()); // its project is the repository now
                conversation = null; // it was opened in the project of the empty workspace
            } // else its workspace is already what a session without one starts with
            models.assign(pooled.sandbox().id(), spec);
        } catch (IOException | RuntimeException e) {
            stop(pooled);
            throw e instanceof SandboxException known ? known : new SandboxException("the sandbox could not be created", e);
        }
        Sandbox old = pooled.sandbox();
        Sandbox sandbox = new Sandbox(old.id(), spec.sessionId(), old.agentUrl(), old.agentUser(), old.agentPassword());
        LOG.info("sandbox.assigned id=" + old.id() + " session_id=" + spec.sessionId());
        return new RunningLocalSandbox(sandbox, pooled.process(), pooled.relays(), dir, pooled.uid(), conversation);
    }

    /**
     * The repositories go into a directory of the server's (git refuses to work in one another user owns), then
     * into the running agent's workspace, which stays the same directory (it is mounted into the fence).
     */
    private void fillPooledWorkspace(Path dir, SandboxSpec spec, int uid) throws IOException {
        Path workspace = dir.resolve("workspace");
        Path staging = dir.resolve("staging");
        HostCommands.deleteQuietly(staging);
        Files.createDirectory(staging);
        try {
            LocalSandboxDirectory.fillWorkspace(dir, staging, spec);
            HostCommands.emptyQuietly(workspace); // the empty repository it was pooled with
            try (var made = Files.list(staging)) {
                for (Path entry : made.toList()) {
                    Files.move(entry, workspace.resolve(entry.getFileName()));
                }
            }
        } finally {
            HostCommands.deleteQuietly(staging);
        }
        confinement.own(workspace, uid);
    }

    /** Stops the agent and its relays and ends its model token; the directory stays (a pause archives it). */
    void stopProcesses(RunningLocalSandbox sandbox) {
        models.close(sandbox.sandbox().id());
        HostCommands.stopTree(sandbox.process().toHandle());
        sandbox.relays().forEach(HostCommands::stopProcess);
        confinement.releaseUser(sandbox.uid());
    }

    /** Stops everything of the sandbox and removes its directory. */
    void stop(RunningLocalSandbox sandbox) {
        stopProcesses(sandbox);
        HostCommands.deleteQuietly(sandbox.dir());
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
