package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.ContentTooLarge;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.WorkspaceEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the server reads of a local sandbox's workspace (files, the diff), read by commands fenced in as the agent is:
 * as its user, with only its workspace mounted, so a link the agent planted resolves inside the fence and a
 * {@code .git/config} trick (an external diff, an fsmonitor hook, a filter) runs nowhere but there. git runs with
 * every hook and external program switched off besides, and with no system or global configuration. Every read is
 * streamed with a limit and a time limit: past the limit it stops and says {@link ContentTooLarge}.
 */
final class LocalWorkspaceReads {
    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);
    private static final int MAX_LISTING = 10_000;
    private static final List<String> SAFE_GIT = List.of("git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
            "-c", "diff.external=", "-c", "core.pager=cat", "-c", "core.attributesFile=/dev/null", "-c", "core.untrackedCache=false");
    /** $1 workspace, $2 path in it, $3 limit: D + listing, F + bytes, L + size when too large; exit 4 when not there. */
    private static final String READ = """
            root=$1; target=$(realpath -e -- "$1/$2" 2>/dev/null) || exit 4
            case "$target" in "$root"|"$root"/*) ;; *) exit 4 ;; esac
            case "$target" in "$root"/.git|"$root"/.git/*) exit 4 ;; esac
            if [ -d "$target" ]; then
              printf 'D\\0'; find "$target" -mindepth 1 -maxdepth 1 ! -name .git -printf '%y %s %f\\0' 2>/dev/null | head -z -n $4; exit 0
            fi
            [ -f "$target" ] || exit 4
            size=$(stat -c %s -- "$target") || exit 4
            if [ "$size" -gt "$3" ]; then printf 'L%s\\0' "$size"; exit 0; fi
            printf 'F\\0'; exec head -c "$3" -- "$target"
            """;

    private final Confinement confinement;

    LocalWorkspaceReads(Confinement confinement) {
        this.confinement = confinement;
    }

    Optional<WorkspaceEntry> read(Path dir, int uid, String requested, long maxBytes) {
        String relative = requested == null ? "" : requested.replaceAll("^/+", "");
        if (relative.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        String root = confinement.isolated() ? Confinement.WORKSPACE : dir.resolve("workspace").toString();
        List<String> command = fenced(dir, uid, false);
        command.addAll(List.of("/bin/sh", "-c", READ, "sh", root, relative, Long.toString(maxBytes), Integer.toString(MAX_LISTING)));
        byte[] out = run(command, dir, Map.of(), maxBytes + 300L * MAX_LISTING + 1024, "the file", 4);
        if (out == null || out.length < 2) {
            return Optional.empty();
        }
        String body = new String(out, 2, out.length - 2, StandardCharsets.UTF_8);
        return switch (out[0]) {
            case 'D' -> Optional.of(listing(relative, body));
            case 'L' -> throw new ContentTooLarge("the file", maxBytes);
            case 'F' -> {
                String name = relative.replaceAll("/+$", "");
                yield Optional.of(new WorkspaceEntry.File(name.substring(name.lastIndexOf('/') + 1),
                        java.util.Arrays.copyOfRange(out, 2, out.length)));
            }
            default -> Optional.empty();
        };
    }

    /**
     * Everything in the workspace (or its {@code subdirectory}, "" for all of it) against {@code base} (tracked or
     * not, minus ignored), through a throw-away index; file names get {@code prefix} ("" for none).
     */
    String diff(Path dir, int uid, String base, long maxBytes, String subdirectory, String prefix) {
        String index = confinement.isolated() ? "/tmp/tabbi-diff.index" : dir.resolve("diff.index").toString();
        List<String> add = new ArrayList<>(SAFE_GIT);
        add.addAll(List.of("add", "--all", "."));
        List<String> diff = new ArrayList<>(SAFE_GIT);
        diff.addAll(List.of("diff", "--cached", "--no-color", "--binary", "--no-ext-diff", "--no-textconv",
                "--src-prefix=a/" + prefix, "--dst-prefix=b/" + prefix, base));
        List<String> command = fenced(dir, uid, true, subdirectory);
        command.addAll(List.of("/bin/sh", "-c", String.join(" ", quoted(add)) + " >/dev/null 2>&1 && exec "
                + String.join(" ", quoted(diff))));
        Map<String, String> env = Map.of("GIT_INDEX_FILE", index, "GIT_CONFIG_NOSYSTEM", "1", "GIT_CONFIG_GLOBAL", "/dev/null",
                "HOME", confinement.isolated() ? "/tmp" : dir.resolve("home").toString(), "GIT_TERMINAL_PROMPT", "0");
        try {
            byte[] out = run(command, dir.resolve("workspace").resolve(subdirectory), env, maxBytes, "the diff", -1);
            if (out == null) {
                throw new SandboxException("the diff could not be computed");
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            HostCommands.deleteQuietly(dir.resolve("diff.index"));
        }
    }

    /** The fence with the workspace mounted at its fixed path (read-only unless git must write its objects). */
    private List<String> fenced(Path dir, int uid, boolean writable) {
        return fenced(dir, uid, writable, "");
    }

    private List<String> fenced(Path dir, int uid, boolean writable, String subdirectory) {
        if (!confinement.isolated()) {
            return new ArrayList<>();
        }
        List<String> command = confinement.fence(uid, false);
        command.addAll(List.of(writable ? "--bind" : "--ro-bind", dir.resolve("workspace").toString(), Confinement.WORKSPACE,
                "--chdir", subdirectory.isEmpty() ? Confinement.WORKSPACE : Confinement.WORKSPACE + "/" + subdirectory, "--"));
        return command;
    }

    /**
     * Runs a read to its end and returns its output, or null when it exits with {@code absent} (nothing there) or
     * fails; past {@code limit} bytes it is stopped and the answer is {@link ContentTooLarge}.
     */
    private static byte[] run(List<String> command, Path directory, Map<String, String> env, long limit, String what, int absent) {
        Process process;
        try {
            process = Confinement.builder(command, env).directory(directory.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new SandboxException(what + " could not be read", e);
        }
        CompletableFuture.delayedExecutor(TIME_LIMIT.toMillis(), TimeUnit.MILLISECONDS).execute(process::destroyForcibly);
        try (InputStream in = process.getInputStream()) {
            process.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (out.size() + n > limit) {
                    HostCommands.stopProcess(process);
                    throw new ContentTooLarge(what, limit);
                }
                out.write(buffer, 0, n);
            }
            int status = process.waitFor();
            return status == 0 ? out.toByteArray() : null;
        } catch (IOException e) {
            throw new SandboxException(what + " could not be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new SandboxException("interrupted while reading " + what);
        }
    }

    private static WorkspaceEntry.Directory listing(String relative, String body) {
        String prefix = relative.replaceAll("/+$", "");
        List<WorkspaceEntry.Item> items = new ArrayList<>();
        for (String record : body.split("\0")) {
            String[] parts = record.split(" ", 3);
            if (parts.length < 3 || parts[2].isEmpty()) {
                continue;
            }
            boolean directory = parts[0].equals("d");
            Long size = directory ? null : Long.valueOf(parts[1]);
            items.add(new WorkspaceEntry.Item(parts[2], prefix.isEmpty() ? parts[2] : prefix + "/" + parts[2], directory, size));
        }
        items.sort(Comparator.comparing(WorkspaceEntry.Item::name));
        return new WorkspaceEntry.Directory(items);
    }

    private static List<String> quoted(List<String> words) {
        return words.stream().map(word -> "'" + word.replace("'", "'\\''") + "'").toList();
    }
}
