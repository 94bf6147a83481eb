package dev.tabbi.devserver;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The run command isolates local sandboxes whenever this machine can: it installs what is missing when it may
 * (root with apt-get), names it otherwise, tries a sandbox, and says which mode it runs in. Where namespaces cannot
 * be made it runs unisolated, the operator's switch for trusted users, and the dashboard shows a red banner.
 */
final class DevIsolation {
    private static final List<String> TOOLS = List.of("bwrap", "socat");

    private DevIsolation() {
    }

    static void configure(Map<String, String> env, Function<String, Optional<String>> setting) throws InterruptedException {
        if (setting.apply("SANDBOX_LOCAL_UNISOLATED").map(Boolean::parseBoolean).orElse(false)) {
            env.put("SANDBOX_LOCAL_UNISOLATED", "true");
            say("sandboxes run UNISOLATED (SANDBOX_LOCAL_UNISOLATED=true): agents can read what this server can");
            return;
        }
        if (!TOOLS.stream().allMatch(DevOpenCode::onPath) && isRoot() && DevOpenCode.onPath("apt-get")) {
            say("installing bubblewrap and socat with apt-get, for isolated sandboxes (once)");
            run(List.of("apt-get", "install", "-y", "-qq", "bubblewrap", "socat"), 5);
        }
        List<String> missing = TOOLS.stream().filter(tool -> !DevOpenCode.onPath(tool)).toList();
        String problem = !missing.isEmpty() ? "missing " + String.join(", ", missing) + " (Debian packages bubblewrap, socat)"
                : !run(List.of("bwrap", "--unshare-all", "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "true"), 1)
                        ? "this machine does not allow unprivileged user namespaces" : null;
        if (problem == null) {
            say("sandboxes are isolated: bubblewrap namespaces, no network but the model gateway");
            return;
        }
        env.put("SANDBOX_LOCAL_UNISOLATED", "true");
        say("sandboxes run UNISOLATED (trusted users only; the dashboard shows a red banner): " + problem
                + ". docs/DEPLOYMENT.md, \"Sandbox isolation\", says what isolation needs.");
    }

    private static boolean run(List<String> command, int minutes) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void say(String message) {
        System.out.println("[tabbi-dev] " + message);
    }
}
