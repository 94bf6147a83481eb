package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.AgentModel;
import dev.tabbi.sandbox.SandboxException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts one sandbox's {@code opencode serve}, fenced in by its {@link Confinement}. Fenced, the agent has no
 * network but its own loopback: its API port is carried out to a port on the server's loopback, and the model
 * endpoint in to {@code 127.0.0.1:4000} inside, each over a Unix socket in the sandbox's {@code run} directory
 * bridged by socat on both sides (the outer side fenced too, so a socket the agent swaps for a link leads nowhere).
 */
final class LocalAgentLauncher {
    private final dev.tabbi.sandbox.AgentGuardRails guardRails;
    private static final int AGENT_PORT = 4096;
    private static final int MODEL_PORT = 4000;

    /** The processes of one sandbox: the agent first, then its relays; and where the server reaches the agent. */
    record Started(Process agent, List<Process> relays, URI agentUrl) {
    }

    private final Confinement confinement;
    private final Path opencode;
    private final Path runtimeDir;
    private Path runtimeCopy;

    /** {@code runtimeDir}: where a copy of the runtime is kept when sandbox users cannot reach the installed one. */
    LocalAgentLauncher(Confinement confinement, Path opencode, Path runtimeDir, dev.tabbi.sandbox.AgentGuardRails guardRails) {
        this.guardRails = guardRails;
        this.confinement = confinement;
        this.opencode = opencode;
        this.runtimeDir = runtimeDir;
    }

    /**
     * Starts the agent of the sandbox in {@code dir}, running as {@code uid}, with this model and configuration, and
     * the user's {@code secrets} in its environment.
     */
    Started start(Path dir, int uid, String password, AgentModel model, String agentSettings, Map<String, String> secrets)
            throws IOException {
        int port = freePort();
        Path log = dir.resolve("agent.log");
        if (!confinement.isolated()) {
            Map<String, String> env = new java.util.LinkedHashMap<>(secrets); // the agent's own settings win
            env.putAll(OpenCodeSettings.environment(dir.resolve("home").toString(), dir.resolve("xdg").toString(), password,
                    model, agentSettings, guardRails));
            Process agent = Confinement.builder(List.of(opencode.toString(), "serve", "--port", Integer.toString(port),
                            "--hostname", "127.0.0.1"), env)
                    .directory(dir.resolve("workspace").toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new Started(agent, List.of(), URI.create("http://127.0.0.1:" + port));
        }
        URI upstream = model.baseUrl();
        if (!"http".equals(upstream.getScheme())) {
            throw new SandboxException("a fenced sandbox reaches its model over plain HTTP on this host (the gateway), not " + upstream.getScheme());
        }
        AgentModel inside = new AgentModel(model.provider(), model.model(),
                URI.create("http://127.0.0.1:" + MODEL_PORT + (upstream.getRawPath() == null ? "" : upstream.getRawPath())), model.apiKey());
        Path run = dir.resolve("run");
        writeUserFiles(dir, uid);
        List<Process> relays = new ArrayList<>();
        try {
            relays.add(relay(run, uid, "UNIX-LISTEN:" + Confinement.RUN + "/model.sock,fork,unlink-early,mode=600",
                    "TCP:" + ("localhost".equalsIgnoreCase(upstream.getHost()) ? "127.0.0.1" : upstream.getHost()) + ":" + (upstream.getPort() < 0 ? 80 : upstream.getPort())));
            relays.add(relay(run, uid, "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr",
                    "UNIX-CONNECT:" + Confinement.RUN + "/agent.sock"));
            List<String> command = confinement.fence(uid, false);
            command.addAll(List.of("--ro-bind", runtime().toString(), Confinement.RUNTIME,
                    "--ro-bind", dir.resolve("passwd").toString(), "/etc/passwd",
                    "--ro-bind", dir.resolve("group").toString(), "/etc/group",
                    "--bind", dir.resolve("workspace").toString(), Confinement.WORKSPACE,
                    "--bind", dir.resolve("home").toString(), Confinement.HOME,
                    "--bind", dir.resolve("xdg").toString(), Confinement.XDG,
                    "--bind", run.toString(), Confinement.RUN,
                    "--chdir", Confinement.WORKSPACE, "--", "/bin/sh", "-c",
                    "socat -lf /dev/null UNIX-LISTEN:" + Confinement.RUN + "/agent.sock,fork,unlink-early,mode=600 TCP:127.0.0.1:" + AGENT_PORT
                            + " & socat -lf /dev/null TCP-LISTEN:" + MODEL_PORT + ",bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:"
                            + Confinement.RUN + "/model.sock & exec " + Confinement.RUNTIME + " serve --port " + AGENT_PORT
                            + " --hostname 127.0.0.1"));
            Map<String, String> env = new java.util.LinkedHashMap<>(secrets); // the agent's own settings win
            env.putAll(OpenCodeSettings.environment(Confinement.HOME, Confinement.XDG, password, inside, agentSettings,
                    guardRails));
            Process agent = Confinement.builder(command, env).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new Started(agent, relays, URI.create("http://127.0.0.1:" + port));
        } catch (IOException | RuntimeException e) {
            relays.forEach(HostCommands::stopProcess);
            throw e;
        }
    }

    /** One socat between the sandbox's {@code run} directory and the server's loopback, fenced like the agent. */
    private Process relay(Path run, int uid, String from, String to) throws IOException {
        List<String> command = confinement.fence(uid, true);
        command.addAll(List.of("--bind", run.toString(), Confinement.RUN, "--", "socat", "-lf", "/dev/null", from, to));
        return Confinement.builder(command, Map.of()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The agent's view of users: itself and nothing of the host's accounts. */
    private static void writeUserFiles(Path dir, int uid) throws IOException {
        String id = uid < 0 ? Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString() : Integer.toString(uid);
        Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\nagent:x:" + id + ":" + id
                + ":agent:" + Confinement.HOME + ":/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        Files.writeString(dir.resolve("group"), "root:x:0:\nagent:x:" + id + ":\nnogroup:x:65534:\n");
    }

    /**
     * The opencode executable where every sandbox user may run it: a copy beside the sandboxes when the installed
     * one lies in a directory they cannot enter (a home directory, say).
     */
    private synchronized Path runtime() throws IOException {
        Path installed = opencode;
        if (!confinement.separateUsers() || readableByAll(installed)) {
            return installed.toRealPath();
        }
        Path copy = runtimeCopy;
        if (copy == null || !Files.isRegularFile(copy) || Files.size(copy) != Files.size(installed)) {
            Path dir = Files.createDirectories(runtimeDir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path partial = Files.createTempFile(dir, "opencode", ".partial");
            Files.copy(installed, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
            copy = Files.move(partial, dir.resolve("opencode"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            runtimeCopy = copy;
        }
        return copy;
    }

    private static boolean readableByAll(Path file) {
        try {
            for (Path path = file.toRealPath(); path != null; path = path.getParent()) {
                String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                if (perms.charAt(8) != 'x' || (path.equals(file.toRealPath()) && perms.charAt(6) != 'r')) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new SandboxException("no free port for the sandbox", e);
        }
    }
}
