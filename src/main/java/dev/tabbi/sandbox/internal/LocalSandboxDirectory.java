package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The directory of one local sandbox: {@code workspace}, {@code home} and {@code xdg} (the agent's, mounted into
 * its fence), {@code run} (its sockets), and the server's own files beside them (the diff's starting point, the
 * session's agent settings, the agent's log and pid).
 */
final class LocalSandboxDirectory {
    static final String BASE_FILE = "base";
    /** The starting point of each of several repositories, by the directory it is in. */
    static final String BASES_DIR = "bases";
    static final String SETTINGS_FILE = "agent-settings.json";
    static final String SKILLS_DIR = "xdg/config/opencode/skills";
    /** The id git gives the empty tree: the starting point of a workspace that began empty. */
    private static final String EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    private LocalSandboxDirectory() {
    }

    /**
     * The sandbox's directories, and a stub that stops OpenCode from npm-installing its plugin package into its
     * config directory at every start (it skips the install when the lock file already lists the package).
     */
    static void prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        // others may pass through (a sandbox's user reaches its own directories) but not list or read it
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        for (String sub : new String[] {"workspace", "home", "run", "xdg/data", "xdg/cache", "xdg/state", SKILLS_DIR}) {
            Files.createDirectories(dir.resolve(sub));
        }
        Path config = Files.createDirectories(dir.resolve("xdg/config/opencode"));
        Files.createDirectories(config.resolve("node_modules"));
        Files.writeString(config.resolve("package-lock.json"), "{\"name\":\"opencode-config\",\"lockfileVersion\":3,"
                + "\"packages\":{\"\":{\"dependencies\":{\"@opencode-ai/plugin\":\"*\"}}}}\n");
    }

    /**
     * A new sandbox's directory for {@code spec}: its workspace ({@link #fillWorkspace}), the skills, the agent
     * settings.
     */
    static void populate(Path dir, SandboxSpec spec) throws IOException {
        prepare(dir);
        fillWorkspace(dir, dir.resolve("workspace"), spec);
        for (var skill : spec.skills()) {
            String name = skill.url().getPath().replaceAll("^/+|\\.git$", "").replace('/', '-');
            GitClone.into(Files.createDirectories(dir.resolve(SKILLS_DIR).resolve(name)), skill, "the skill " + name);
        }
        if (spec.agentSettings() != null) {
            Files.writeString(dir.resolve(SETTINGS_FILE), spec.agentSettings());
        }
    }

    /**
     * The empty directory {@code workspace} made the session's workspace: the repository cloned (or an empty one:
     * OpenCode treats an enclosing repository as the project otherwise, and the diff is taken against it), each
     * further repository in its own directory, and the diff's starting points in the sandbox directory {@code dir}.
     */
    static void fillWorkspace(Path dir, Path workspace, SandboxSpec spec) throws IOException {
        if (spec.repo() == null) {
            HostCommands.git(workspace, "init", "--quiet", "--initial-branch=main");
        } else {
            GitClone.into(workspace, spec.repo(), "the repository");
        }
        // the diff's starting point: the commit cloned, or nothing
        Files.writeString(dir.resolve(BASE_FILE), GitClone.head(workspace).orElse(EMPTY_TREE));
        for (var checkout : spec.repositories()) { // each in its own directory, with its own starting point
            Path into = Files.createDirectory(workspace.resolve(checkout.path()));
            GitClone.into(into, checkout.source(), "the repository " + checkout.path());
            Files.createDirectories(dir.resolve(BASES_DIR));
            Files.writeString(dir.resolve(BASES_DIR).resolve(checkout.path()), GitClone.head(into).orElse(EMPTY_TREE));
        }
    }
}
