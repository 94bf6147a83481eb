package dev.tabbi.sessions.internal;

import dev.tabbi.sandbox.GitSource;
import java.util.List;

/**
 * A validated request for a session: the system prompt, the repository as the caller named it and what to clone
 * for it (with its branch), skills, the agents' OpenCode settings (JSON, see {@link AgentSettings}) and the model
 * (null: the configured default).
 */
public record SessionRequest(String systemPrompt, String repo, GitSource repoSource, List<GitSource> skills,
        String agentSettings, String model, boolean autoCreatePr, List<String> secretNames,
        List<SessionRepositories.Requested> repositories) {

    public SessionRequest {
        skills = skills == null ? List.of() : List.copyOf(skills);
        secretNames = secretNames == null ? List.of() : List.copyOf(secretNames);
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
    }

    public static SessionRequest withPrompt(String systemPrompt) {
        return new SessionRequest(systemPrompt, null, null, List.of(), null, null, false, List.of(), List.of());
    }
}
