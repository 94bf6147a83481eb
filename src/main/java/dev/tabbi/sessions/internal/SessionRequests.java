package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Refusal;
import dev.tabbi.sandbox.AgentModels;
import dev.tabbi.sandbox.GitSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.regex.Pattern;

/** Turns what a caller asked for into a {@link SessionRequest}, or a 400 naming the first field that is wrong. */
@ApplicationScoped
public class SessionRequests {
    public static final int MAX_SYSTEM_PROMPT = 50_000;
    static final int MAX_SKILLS = 20;
    static final int MAX_SECRETS = 20;
    /** A git branch or tag: no leading dash or slash, no "..", at most 200 characters. */
    static final Pattern BRANCH = Pattern.compile("(?!-)(?!/)(?!.*\\.\\.)(?!.*//)[A-Za-z0-9._/-]{1,200}(?<!/)(?<!\\.lock)");

    @Inject
    RepoPolicy repoPolicy;

    @Inject
    AgentModels models;

    @Inject
    dev.tabbi.sandbox.SandboxWorkspaces workspaces;

    /** The names of the user's secrets the session gets: each once, at most {@value #MAX_SECRETS}. */
    private static List<String> secretNames(List<String> names) {
        if (names == null) {
            return List.of();
        }
        if (names.size() > MAX_SECRETS || names.stream().distinct().count() != names.size()) {
            throw Refusal.invalid("secrets: at most " + MAX_SECRETS + " names of your secrets, each once");
        }
        for (String name : names) {
            if (name == null || !UserSecrets.NAME.matcher(name).matches()) {
                throw Refusal.invalid("secrets: each is the name of one of your secrets (A-Z, 0-9, _)");
            }
        }
        return List.copyOf(names);
    }

    public SessionRequest validated(NewSession request) {
        if (request.systemPrompt() != null && request.systemPrompt().length() > MAX_SYSTEM_PROMPT) {
            throw Refusal.invalid("systemPrompt: at most " + MAX_SYSTEM_PROMPT + " characters");
        }
        if (request.gitToken() != null && request.repo() == null) {
            throw Refusal.invalid("gitToken: only with a repo");
        }
        String branch = request.branch() == null || request.branch().isBlank() ? null : request.branch().strip();
        if (branch != null && request.repo() == null) {
            throw Refusal.invalid("branch: only with a repo");
        }
        if (branch != null && !BRANCH.matcher(branch).matches()) {
            throw Refusal.invalid("branch: a branch or tag name (letters, digits, . _ / -; at most 200)");
        }
        List<SessionRepositories.Requested> repositories = List.of();
        if (request.repos() != null) {
            if (request.repo() != null) {
                throw Refusal.invalid("repos: either repo (one repository in the workspace) or repos (each in a directory), not both");
            }
            if (!workspaces.makesSeveralRepositories()) {
                throw Refusal.invalid("repos: this server's sandboxes hold one repository; use repo");
            }
            repositories = SessionRepositories.validated(request.repos(), repoPolicy);
        }
        boolean autoCreatePr = Boolean.TRUE.equals(request.autoCreatePr());
        if (autoCreatePr && request.repo() == null && repositories.isEmpty()) {
            throw Refusal.invalid("autoCreatePr: only with a repo");
        }
        String model = request.model() == null || request.model().isBlank() ? null : request.model().strip();
        if (model != null && !models.choices().contains(model)) {
            throw Refusal.invalid("model: one of " + String.join(", ", models.choices()));
        }
        GitSource repo = request.repo() == null ? null : repoPolicy.repository(request.repo(), request.gitToken());
        if (repo != null && branch != null) {
            repo = new GitSource(repo.url(), branch, repo.token());
        }
        if (request.skills() != null && request.skills().size() > MAX_SKILLS) {
            throw Refusal.invalid("skills: at most " + MAX_SKILLS);
        }
        List<GitSource> skills = request.skills() == null ? List.of()
                : request.skills().stream().map(repoPolicy::skill).toList();
        String settings = AgentSettings.of(request.mcpServers(), request.agents(), models.choices());
        return new SessionRequest(request.systemPrompt(), request.repo() == null ? null : request.repo().strip(), repo,
                skills, settings, model, autoCreatePr, secretNames(request.secrets()), repositories);
    }
}
