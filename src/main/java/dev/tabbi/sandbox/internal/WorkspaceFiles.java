package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.WorkspaceEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a workspace on this machine without ever leaving it: the requested path is resolved to its real location
 * (following links) and must still lie inside the workspace's real location. {@code .git} is not shown.
 */
final class WorkspaceFiles {
    private static final int MAX_LISTING = 10_000;

    private WorkspaceFiles() {
    }

    static Optional<WorkspaceEntry> read(Path workspace, String requested, long maxBytes) {
        try {
            Path root = workspace.toRealPath();
            String relative = requested == null ? "" : requested.replaceAll("^/+", "");
            Path target = root.resolve(relative).normalize();
            if (!target.startsWith(root) || !Files.exists(target)) {
                return Optional.empty();
            }
            Path real = target.toRealPath();
            if (!real.startsWith(root) || isGitInternals(root, real)) {
                return Optional.empty();
            }
            if (Files.isDirectory(real)) {
                return Optional.of(listing(root, real));
            }
            if (!Files.isRegularFile(real) || Files.size(real) > maxBytes) {
                return Optional.empty();
            }
            return Optional.of(new WorkspaceEntry.File(real.getFileName().toString(), Files.readAllBytes(real)));
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static WorkspaceEntry.Directory listing(Path root, Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            List<WorkspaceEntry.Item> items = children
                    .filter(child -> !isGitInternals(root, child))
                    .sorted(Comparator.comparing(child -> child.getFileName().toString()))
                    .limit(MAX_LISTING)
                    .map(child -> item(root, child))
                    .toList();
            return new WorkspaceEntry.Directory(items);
        }
    }

    private static WorkspaceEntry.Item item(Path root, Path child) {
        boolean directory = Files.isDirectory(child);
        Long size = null;
        if (!directory) {
            try {
                size = Files.size(child);
            } catch (IOException e) {
                size = null;
            }
        }
        String path = root.relativize(child).toString().replace('\\', '/');
        return new WorkspaceEntry.Item(child.getFileName().toString(), path, directory, size);
    }

    /**
     * Whether a relative path (with {@code /} separators) stays inside the workspace by its very spelling: no
     * {@code ..} or {@code .} segment, no {@code .git}, no backslash or NUL. For workspaces read through the agent,
     * where the real location cannot be checked.
     */
    static boolean isSafe(String relative) {
        if (relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0) {
            return false;
        }
        String[] segments = relative.split("/");
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals("..") || segment.equals(".") || (i == 0 && segment.equals(".git"))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isGitInternals(Path root, Path path) {
        Path relative = root.relativize(path);
        return relative.getNameCount() > 0 && relative.getName(0).toString().equals(".git");
    }
}
