package dev.tabbi.sandbox;

/**
 * One of several repositories of a session: cloned from {@code source} into the directory {@code path} (one name,
 * no slashes) of the workspace, its diff taken against the commit cloned.
 */
public record RepositoryCheckout(GitSource source, String path) {
}
