package dev.tabbi.sandbox;

import java.util.List;

/**
 * What is at a path of a sandbox's workspace: a directory (its entries) or a file (its bytes). Paths are relative
 * to the workspace, with {@code /} separators.
 */
public sealed interface WorkspaceEntry {

    record Directory(List<Item> items) implements WorkspaceEntry {
    }

    record File(String name, byte[] content) implements WorkspaceEntry {
    }

    /** One entry of a listing; {@code size} is null for directories. */
    record Item(String name, String path, boolean isDirectory, Long size) {
    }
}
