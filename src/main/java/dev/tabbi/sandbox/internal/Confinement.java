package dev.tabbi.sandbox.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How the local provider fences in what runs for a sandbox: bubblewrap with new user, PID, IPC, UTS, mount, cgroup
 * and network namespaces; the system read-only, nothing of the server's files; only the sandbox's own directories
 * writable; its own {@code /proc} and a size-limited {@code /tmp}; resource limits; and, when the server runs as
 * root, an unprivileged host user of its own (bubblewrap alone would map the sandbox to host root). Or nothing at
 * all, when the operator has switched isolation off for trusted users ({@link #unisolated()}).
 *
 * <p>The same fence serves the agent, the relays that carry its two sockets (the agent's API out, the model gateway
 * in) and every read the server makes of an agent-controlled workspace (diff, files), so that nothing the agent
 * plants there runs or resolves outside it.
 */
final class Confinement {
    /** Where a sandbox's directories appear inside it: no host path reaches the agent or the user. */
    static final String WORKSPACE = "/workspace";
    static final String HOME = "/home/agent";
    static final String XDG = "/xdg";
    static final String RUN = "/run/tabbi";
    static final String RUNTIME = "/opt/tabbi/opencode";
    private static final int USERS = 60_000;
    private static final String[] ETC = {"alternatives", "hosts", "nsswitch.conf", "ld.so.cache", "ld.so.conf",
            "ld.so.conf.d", "ssl", "ca-certificates", "localtime", "mime.types"};

    /** Processes per sandbox user, the largest file it may write, and the size of its {@code /tmp}. */
    record Limits(int processes, long fileBytes, long tmpBytes) {
    }

    private final boolean isolated;
    private final String refusal;
    private final boolean root;
    private final int firstUid;
    private final Limits limits;
    private final BitSet usersTaken = new BitSet(USERS);

    private Confinement(boolean isolated, int firstUid, Limits limits) {
        this(isolated, firstUid, limits, null);
    }

    private Confinement(boolean isolated, int firstUid, Limits limits, String refusal) {
        this.isolated = isolated;
        this.refusal = refusal;
        this.root = isolated && "root".equals(System.getProperty("user.name"));
        this.firstUid = firstUid;
        this.limits = limits;
    }

    /** No fence: agents run as the server's user and see what it sees. Only for trusted users. */
    static Confinement unisolated() {
        return new Confinement(false, 0, new Limits(0, 0, 0));
    }

    /**
     * Namespaces, after checking that this host can make them: the tools are on PATH and a trial sandbox runs.
     * Throws {@link IllegalStateException} naming what is missing otherwise.
     */
    static Confinement namespaces(int firstUid, Limits limits) {
        Confinement confinement = new Confinement(true, firstUid, limits);
        for (String tool : confinement.root ? new String[] {"bwrap", "socat", "setpriv", "prlimit"} : new String[] {"bwrap", "socat", "prlimit"}) {
            if (!onPath(tool)) {
                throw new IllegalStateException("sandbox isolation needs '" + tool + "' (Debian packages bubblewrap, socat, "
                        + "util-linux), which is not installed");
            }
        }
        List<String> trial = confinement.fence(firstUid, true);
        trial.addAll(List.of("--", "/bin/true"));
        try {
            Process process = new ProcessBuilder(trial).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("a trial sandbox did not finish");
            }
            String said = new String(process.getInputStream().readNBytes(500)).strip();
            if (process.exitValue() != 0) {
                throw new IllegalStateException("this host cannot make sandbox namespaces (bubblewrap said: " + said
                        + "); allow unprivileged user namespaces, or see docs/DEPLOYMENT.md on isolation");
            }
        } catch (IOException e) {
            throw new IllegalStateException("a trial sandbox could not be started: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying a sandbox", e);
        }
        return confinement;
    }

    /**
     * Isolation was asked for and this host cannot give it: no sandbox starts, and {@link #requireUsable()} says why.
     * Never silently weaker.
     */
    static Confinement refused(String why) {
        return new Confinement(true, 0, new Limits(0, 0, 0), why);
    }

    void requireUsable() {
        if (refusal != null) {
            throw new dev.tabbi.sandbox.SandboxException("Sandboxes cannot start on this server: " + refusal);
        }
    }

    boolean isolated() {
        return isolated;
    }

    /** Whether each sandbox gets a host user of its own (the server runs as root and drops to it). */
    boolean separateUsers() {
        return root;
    }

    /** A host user for a new sandbox: its own when the server runs as root, else the server's. */
    synchronized int takeUser() {
        if (!root) {
            return -1;
        }
        int slot = usersTaken.nextClearBit(1);
        if (slot >= USERS) {
            throw new dev.tabbi.sandbox.SandboxException("no free sandbox user on this node");
        }
        usersTaken.set(slot);
        return firstUid + slot;
    }

    synchronized void releaseUser(int uid) {
        if (root && uid >= firstUid) {
            usersTaken.clear(uid - firstUid);
        }
    }

    /** Gives everything under {@code dir} (links themselves, never their targets) to the sandbox's user. */
    void own(Path dir, int uid) throws IOException {
        if (!root) {
            return;
        }
        java.nio.file.Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /**
     * The start of a fenced command: the drop to the sandbox's user, its limits, and bubblewrap with the system
     * mounted read-only and a private {@code /proc}, {@code /dev} and {@code /tmp}. Callers add their own mounts,
     * then {@code --} and the command. {@code network}: false leaves it only a loopback of its own.
     */
    List<String> fence(int uid, boolean network) {
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--inh-caps=-all",
                    "--bounding-set=-all", "--no-new-privs", "prlimit", "--nproc=" + limits.processes()));
        } else {
            command.add("prlimit"); // the process count is per host user: it would count the server's own threads
        }
        command.addAll(List.of("--fsize=" + limits.fileBytes(), "--core=0", "--"));
        command.addAll(List.of("bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--hostname", "sandbox"));
        if (network) {
            command.add("--share-net");
        }
        command.addAll(List.of("--ro-bind", "/usr", "/usr"));
        for (String top : new String[] {"bin", "sbin", "lib", "lib32", "lib64", "libx32"}) {
            Path path = Path.of("/", top);
            if (Files.isSymbolicLink(path)) {
                try {
                    command.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), "/" + top));
                } catch (IOException e) {
                    // unreadable link: leave it out
                }
            } else if (Files.isDirectory(path)) {
                command.addAll(List.of("--ro-bind", "/" + top, "/" + top));
            }
        }
        for (String etc : ETC) {
            command.addAll(List.of("--ro-bind-try", "/etc/" + etc, "/etc/" + etc));
        }
        command.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--size", Long.toString(Math.max(1 << 20, limits.tmpBytes())),
                "--tmpfs", "/tmp"));
        return command;
    }

    /** A process environment made from nothing but {@code env}: the server's own never reaches a sandbox. */
    static ProcessBuilder builder(List<String> command, java.util.Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().putAll(env);
        return builder;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
