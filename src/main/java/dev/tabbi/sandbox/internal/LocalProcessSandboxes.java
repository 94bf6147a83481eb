package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.AgentConnection;
import dev.tabbi.sandbox.AgentModel;
import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxOverQuota;
import dev.tabbi.sandbox.SandboxProvider;
import dev.tabbi.sandbox.SandboxesLost;
import dev.tabbi.sandbox.SandboxSpec;
import dev.tabbi.sandbox.WorkspaceEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Sandboxes as child processes of this server: one {@code opencode serve} per session, fenced in by a
 * {@link Confinement} (namespaces, a host user of its own, limits), in a directory of its own (workspace, home, XDG
 * dirs), behind a random password, with an environment built from scratch and a model endpoint of its own
 * ({@link ModelEndpoints}) so no secret of the host reaches the agent. For single-machine installs. Its workspaces are
 * read by {@link LocalWorkspaces}, its snapshots written by {@link LocalSnapshots}.
 */
public final class LocalProcessSandboxes implements SandboxProvider {
    private static final Logger LOG = Logger.getLogger(LocalProcessSandboxes.class.getName());
    private static final Duration DISK_CHECK = Duration.ofSeconds(1);

    private final Path root;
    private final Path opencode;
    private final Confinement confinement;
    private final LocalSandboxStarts starts;
    private final WarmPool pool;
    private final LocalWorkspaces workspaces;
    private final LocalSnapshots snapshots;
    private final DiskWatch diskWatch;
    private final Consumer<SandboxesLost> lost;
    private final Consumer<SandboxOverQuota> overQuota;
    private final Duration turnTimeout;
    private final Map<String, RunningLocalSandbox> running = new ConcurrentHashMap<>();

    /**
     * Unfenced sandboxes whose agents all use {@code model}: what the test doubles of sandbox platforms run.
     *
     * @param root     directory under which every sandbox gets its own
     * @param opencode the {@code opencode} executable (from the npm package {@code opencode-ai})
     * @param startTimeout how long the agent may take to answer its health check
     * @param model the model endpoint of every agent
     * @param turnTimeout  the longest a turn may run before it is aborted
     */
    public LocalProcessSandboxes(Path root, Path opencode, Duration startTimeout, AgentModel model, Duration turnTimeout) {
        this(root, opencode, startTimeout, turnTimeout, Confinement.unisolated(), ModelEndpoints.fixed(model), 0, over -> { },
                lost -> { }, dev.tabbi.sandbox.AgentGuardRails.NONE, WarmPool.Settings.NONE);
    }

    /**
     * {@code diskQuotaBytes}: what each sandbox may write in all, watched while it runs (0: not watched);
     * {@code overQuota} hears of each sandbox that goes over it, {@code lost} of the sandboxes {@link #open} reaped;
     * {@code guardRails} are the operator's limits on every agent; {@code pool}: the {@link WarmPool}'s size and the
     * node's cap on sandboxes.
     */
    LocalProcessSandboxes(Path root, Path opencode, Duration startTimeout, Duration turnTimeout, Confinement confinement,
            ModelEndpoints models, long diskQuotaBytes, Consumer<SandboxOverQuota> overQuota, Consumer<SandboxesLost> lost,
            dev.tabbi.sandbox.AgentGuardRails guardRails, WarmPool.Settings pool) {
        this.lost = lost;
        this.root = root;
        this.opencode = opencode;
        this.confinement = confinement;
        this.turnTimeout = turnTimeout;
        this.starts = new LocalSandboxStarts(confinement, models,
                new LocalAgentLauncher(confinement, opencode, root.resolve("runtime"), guardRails), new AgentHealth(startTimeout));
        this.pool = new WarmPool(pool, running::size, new WarmPool.Starts() {
            @Override
            public RunningLocalSandbox start() {
                requireRuntime();
                return starts.startNew(root, SandboxSpec.forSession(LocalSandboxStarts.POOLED));
            }

            @Override
            public void stop(RunningLocalSandbox sandbox) {
                starts.stop(sandbox);
            }
        }, java.time.Clock.systemUTC());
        this.workspaces = new LocalWorkspaces(running::get, new LocalWorkspaceReads(confinement));
        this.overQuota = overQuota;
        this.diskWatch = diskQuotaBytes <= 0 ? null : new DiskWatch(diskQuotaBytes, DISK_CHECK, this::directories, this::overQuota);
        this.snapshots = new LocalSnapshots(root.resolve("snapshots"), List.of("workspace", "xdg/data",
                LocalSandboxDirectory.SKILLS_DIR, LocalSandboxDirectory.BASE_FILE), LocalSandboxDirectory.SETTINGS_FILE);
    }

    @Override
    public String providerName() {
        return "local";
    }

    /** Whether sandboxes are fenced in (false only when the operator switched isolation off). */
    public boolean isolated() {
        return confinement.isolated();
    }

    /** The pool of sandboxes started ahead of demand (its size is 0 when the operator keeps none). */
    WarmPool pool() {
        return pool;
    }

    /**
     * A sandbox for a new session: one from the {@link WarmPool} when the session asks for nothing a pooled agent
     * was not started with (its own model, agent settings, skills or secrets), else one started for it.
     */
    @Override
    public Sandbox create(SandboxSpec spec) {
        requireRuntime();
        if (pool.size() > 0 && poolable(spec)) {
            var pooled = pool.take();
            if (pooled.isPresent()) {
                return register(starts.assign(pooled.get(), spec));
            }
        }
        return startReserved(() -> starts.startNew(root, spec));
    }

    private static boolean poolable(SandboxSpec spec) {
        return spec.model() == null && spec.agentSettings() == null && spec.skills().isEmpty() && spec.environment().isEmpty();
    }

    /** A start the pool does not serve, within the node's cap on sandboxes. */
    private Sandbox startReserved(java.util.function.Supplier<RunningLocalSandbox> start) {
        if (!pool.reserve()) {
            throw new SandboxException("this server runs as many sandboxes as it may; try again when one ends");
        }
        try {
            return register(start.get());
        } finally {
            pool.release();
        }
    }

    private Sandbox register(RunningLocalSandbox sandbox) {
        running.put(sandbox.sandbox().id(), sandbox);
        return sandbox.sandbox();
    }

    /**
     * Stops the agent, archives the workspace and the agent's data directory (its conversations) into
     * {@code <root>/snapshots/<id>.tar.gz} and removes the sandbox's directory. The snapshot is the sandbox id: a
     * resumed sandbox gets the same directory back, since the agent knows its project by that path.
     */
    @Override
    public String pause(String sandboxId) {
        RunningLocalSandbox sandbox = running.remove(sandboxId);
        if (sandbox == null) {
            throw new SandboxException("the sandbox is not running on this server");
        }
        starts.stopProcesses(sandbox);
        snapshots.write(sandbox.dir(), sandboxId);
        HostCommands.deleteQuietly(sandbox.dir());
        LOG.info("sandbox.paused id=" + sandboxId);
        return sandboxId;
    }

    @Override
    public Sandbox resume(String snapshot, SandboxSpec spec) {
        requireRuntime();
        Path dir = root.resolve(snapshot);
        HostCommands.deleteQuietly(dir);
        try {
            LocalSandboxDirectory.prepare(dir);
        } catch (IOException e) {
            throw new SandboxException("the sandbox could not be created", e);
        }
        snapshots.restore(snapshot, dir);
        Sandbox sandbox = startReserved(() -> starts.start(snapshot, dir, spec));
        discardSnapshot(snapshot);
        return sandbox;
    }

    @Override
    public void discardSnapshot(String snapshot) {
        snapshots.discard(snapshot);
    }

    private void requireRuntime() {
        confinement.requireUsable();
        if (!Files.isExecutable(opencode)) {
            throw new SandboxException("the agent runtime (opencode) is not installed on this server");
        }
    }

    @Override
    public AgentConnection connect(Sandbox sandbox, String agentSessionId) {
        if (agentSessionId == null) { // a new session's first connection: its conversation may be open already
            String[] opened = new String[1];
            running.computeIfPresent(sandbox.id(), (id, local) -> {
                opened[0] = local.openedAgentSession();
                return local.withOpenedAgentSession(null); // given once
            });
            if (opened[0] != null) {
                return OpenCodeConnection.opened(sandbox, turnTimeout, opened[0]);
            }
        }
        return OpenCodeConnection.connect(sandbox, turnTimeout, agentSessionId);
    }

    @Override
    public Optional<WorkspaceEntry> workspace(String sandboxId, String path, long maxBytes) {
        return workspaces.workspace(sandboxId, path, maxBytes);
    }

    @Override
    public Optional<String> diff(String sandboxId, long maxBytes) {
        return workspaces.diff(sandboxId, maxBytes);
    }

    @Override
    public Optional<String> diff(String sandboxId, String repositoryPath, long maxBytes) {
        return workspaces.diff(sandboxId, repositoryPath, maxBytes);
    }

    @Override
    public boolean makesSeveralRepositories() {
        return workspaces.makesSeveralRepositories();
    }

    @Override
    public long workspaceBytes(String sandboxId) {
        return workspaces.workspaceBytes(sandboxId);
    }

    @Override
    public boolean isRunning(String sandboxId) {
        RunningLocalSandbox sandbox = running.get(sandboxId);
        return sandbox != null && sandbox.process().isAlive();
    }

    @Override
    public List<String> logs(String sandboxId, int tail) {
        return workspaces.logs(sandboxId, tail);
    }

    @Override
    public void terminate(String sandboxId) {
        RunningLocalSandbox sandbox = running.remove(sandboxId);
        if (sandbox == null) {
            return;
        }
        starts.stop(sandbox);
        LOG.info("sandbox.terminated id=" + sandboxId);
    }

    /** Stops every sandbox this provider runs (the app is stopping). */
    public void terminateAll() {
        if (diskWatch != null) {
            diskWatch.close();
        }
        pool.close();
        List.copyOf(running.keySet()).forEach(this::terminate);
    }

    private Map<String, Path> directories() {
        Map<String, Path> dirs = new java.util.HashMap<>();
        running.forEach((id, sandbox) -> dirs.put(id, sandbox.dir()));
        return dirs;
    }

    /**
     * A sandbox past its disk quota: what its agent's tools are running is killed at every check, so the writing
     * stops ({@link HostCommands#stopTools}), and the first time its session hears of it, to end the turn.
     */
    private void overQuota(String sandboxId, long usedBytes, boolean first) {
        RunningLocalSandbox sandbox = running.get(sandboxId);
        if (sandbox == null) {
            return;
        }
        HostCommands.stopTools(sandbox.process().toHandle());
        if (first) {
            overQuota.accept(new SandboxOverQuota(sandboxId, sandbox.sandbox().sessionId(), usedBytes, diskWatch.quotaBytes()));
        }
    }

    /**
     * The backstop after a crash: every sandbox directory under the root that this provider does not run belongs
     * to no session any more ({@link OrphanedSandboxes}). Returns the ids reaped.
     */
    public List<String> reapOrphans() {
        java.util.Set<String> owned = new java.util.HashSet<>(running.keySet());
        owned.addAll(pool.ids());
        return OrphanedSandboxes.reap(root, owned, LocalSandboxStarts.PID_FILE);
    }

    /** As the app starts: what a crashed predecessor left is reaped, and its sessions hear that it is lost. */
    @Override
    public void open() {
        List<String> reaped = reapOrphans();
        if (!reaped.isEmpty()) {
            lost.accept(new SandboxesLost(reaped));
        }
        pool.open();
    }
}
