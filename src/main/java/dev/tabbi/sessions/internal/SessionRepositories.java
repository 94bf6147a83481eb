package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Refusal;
import dev.tabbi.sandbox.GitSource;
import dev.tabbi.sandbox.RepositoryCheckout;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The several repositories of a session ({@code repos} on create): each {@code {repo, branch, path, gitToken}},
 * checked like {@code repo}, cloned into its own directory of the workspace ({@code path}: one name; the
 * repository's name by default). Kept on the session as JSON, without tokens.
 */
public final class SessionRepositories {
    static final int MAX = 10;
    private static final Pattern PATH = Pattern.compile("(?!\\.)[A-Za-z0-9._-]{1,100}");

    /** One repository as its creator named it. */
    public record Named(String repo, String branch, String path) {
    }

    /** One repository of the request: as named (to keep) and to clone. */
    record Requested(Named named, RepositoryCheckout checkout) {
    }

    private SessionRepositories() {
    }

    /** The {@code repos} of a create request, checked; 400 naming the first wrong field. */
    static List<Requested> validated(List<NewSession.Repository> repos, RepoPolicy policy) {
        if (repos.size() > MAX) {
            throw Refusal.invalid("repos: at most " + MAX);
        }
        List<Requested> checked = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < repos.size(); i++) {
            NewSession.Repository entry = repos.get(i);
            String field = "repos[" + i + "]";
            String repo = entry == null ? null : text(entry.repo(), field + ".repo");
            if (repo == null) {
                throw Refusal.invalid(field + ".repo: \"owner/repo\" or an https URL of a repository");
            }
            String branch = text(entry.branch(), field + ".branch");
            if (branch != null && !SessionRequests.BRANCH.matcher(branch).matches()) {
                throw Refusal.invalid(field + ".branch: a branch or tag name (letters, digits, . _ / -; at most 200)");
            }
            GitSource source = policy.repository(repo, text(entry.gitToken(), field + ".gitToken"));
            String path = text(entry.path(), field + ".path");
            if (path == null) {
                path = source.url().getPath().replaceAll("/+$", "").replaceAll("^.*/", "").replaceAll("\\.git$", "");
            }
            if (!PATH.matcher(path).matches() || path.equals(".git")) {
                throw Refusal.invalid(field + ".path: one directory name (letters, digits, . _ -), not starting with a dot");
            }
            if (!paths.add(path)) {
                throw Refusal.invalid(field + ".path: " + path + " is taken by another repository; give each its own path");
            }
            checked.add(new Requested(new Named(repo, branch, path),
                    new RepositoryCheckout(new GitSource(source.url(), branch, source.token()), path)));
        }
        return List.copyOf(checked);
    }

    static String json(List<Named> named) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (Named repo : named) {
            var item = Json.createObjectBuilder().add("repo", repo.repo()).add("path", repo.path());
            if (repo.branch() != null) {
                item.add("branch", repo.branch());
            }
            array.add(item);
        }
        return array.build().toString();
    }

    static List<Named> parse(String json) {
        if (json == null) {
            return List.of();
        }
        return Json.createReader(new StringReader(json)).readArray().getValuesAs(JsonObject.class).stream()
                .map(o -> new Named(o.getString("repo"), o.getString("branch", null), o.getString("path"))).toList();
    }

    /** The value stripped; null when absent; a blank one is refused. */
    private static String text(String value, String field) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw Refusal.invalid(field + ": a non-empty string");
        }
        return value.strip();
    }
}
