package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.WorkspaceEntry;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A sandbox's workspace read through its agent's HTTP API (with {@link AgentCalls}) ({@code /file}, {@code /file/content},
 * {@code /vcs/diff}), for sandboxes whose disk this server cannot see. Paths are checked here first (no
 * {@code ..}, no {@code .git}); the agent refuses escapes as well.
 */
final class AgentWorkspace {

    private AgentWorkspace() {
    }

    static Optional<WorkspaceEntry> read(Sandbox sandbox, String path, long maxBytes) {
        String relative = path.replaceAll("^/+", "");
        if (!isSafe(relative)) {
            return Optional.empty();
        }
        boolean listing = relative.isEmpty() || relative.endsWith("/");
        String clean = relative.replaceAll("/+$", "");
        if (listing) {
            return list(sandbox, clean.isEmpty() ? "." : clean).map(WorkspaceEntry.Directory::new);
        }
        int slash = clean.lastIndexOf('/');
        String parent = slash < 0 ? "." : clean.substring(0, slash);
        String name = clean.substring(slash + 1);
        Optional<WorkspaceEntry.Item> item = list(sandbox, parent).flatMap(items -> items.stream()
                .filter(i -> i.name().equals(name)).findFirst());
        if (item.isEmpty()) {
            return Optional.empty();
        }
        if (item.get().isDirectory()) {
            return list(sandbox, clean).map(WorkspaceEntry.Directory::new);
        }
        JsonObject content = (JsonObject) call(sandbox, "/file/content?path=" + encode(clean));
        byte[] bytes = "base64".equals(content.getString("encoding", ""))
                ? Base64.getDecoder().decode(content.getString("content", ""))
                : content.getString("content", "").getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw new dev.tabbi.sandbox.ContentTooLarge("the file", maxBytes);
        }
        return Optional.of(new WorkspaceEntry.File(name, bytes));
    }

    /** The agent's view of uncommitted changes, as one unified diff. */
    static String diff(Sandbox sandbox, long maxBytes) {
        StringBuilder diff = new StringBuilder();
        for (JsonObject file : ((JsonArray) call(sandbox, "/vcs/diff?mode=git")).getValuesAs(JsonObject.class)) {
            diff.append(file.getString("patch", ""));
            if (diff.length() > maxBytes) {
                throw new dev.tabbi.sandbox.ContentTooLarge("the diff", maxBytes);
            }
        }
        return diff.toString();
    }

    private static Optional<List<WorkspaceEntry.Item>> list(Sandbox sandbox, String directory) {
        JsonStructure answer;
        try {
            answer = call(sandbox, "/file?path=" + encode(directory));
        } catch (SandboxException e) {
            return Optional.empty(); // not a directory, or not there
        }
        if (!(answer instanceof JsonArray entries)) {
            return Optional.empty();
        }
        List<WorkspaceEntry.Item> items = new ArrayList<>();
        for (JsonObject entry : entries.getValuesAs(JsonObject.class)) {
            String name = entry.getString("name", "");
            if (name.equals(".git")) {
                continue;
            }
            boolean isDirectory = "directory".equals(entry.getString("type", ""));
            String path = entry.getString("path", name).replaceAll("/+$", "");
            items.add(new WorkspaceEntry.Item(name, path, isDirectory, null));
        }
        return Optional.of(items);
    }

    private static JsonStructure call(Sandbox sandbox, String pathAndQuery) {
        JsonValue answer = AgentCalls.current().get(sandbox, pathAndQuery);
        if (!(answer instanceof JsonStructure structure)) {
            throw new SandboxException("the agent answered without content");
        }
        return structure;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Whether a relative path (with {@code /} separators) stays inside the workspace by its very spelling: no
     * {@code ..} or {@code .} segment, no {@code .git}, no backslash or NUL. For workspaces read through the agent,
     * where the real location cannot be checked.
     */
    private static boolean isSafe(String relative) {
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
}
