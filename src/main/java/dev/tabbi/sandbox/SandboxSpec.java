package dev.tabbi.sandbox;

import java.util.List;

/**
 * What a sandbox is made from: the session it serves; the name of its agent's model, one of
 * {@link AgentModels#choices()} (null: the configured default); the repository to clone into its workspace (null: an empty workspace); skills to install for
 * its agent; and {@code agentSettings}, a JSON object of OpenCode settings for the session ({@code agent} and
 * {@code mcp}, already validated), or null; {@code environment}: the user's secrets the session asked for, as
 * variables of the agent's environment (never shown, never logged); {@code repositories}: instead of {@code repo},
 * several repositories, each in a directory of its own (so far only the local provider makes them). The system prompt travels with each prompt instead.
 */
public record SandboxSpec(String sessionId, String model, GitSource repo, List<GitSource> skills, String agentSettings,
        java.util.Map<String, String> environment, List<RepositoryCheckout> repositories) {

    public SandboxSpec {
        skills = skills == null ? List.of() : List.copyOf(skills);
        environment = environment == null ? java.util.Map.of() : java.util.Map.copyOf(environment);
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
    }

    public SandboxSpec(String sessionId, String model, GitSource repo, List<GitSource> skills, String agentSettings) {
        this(sessionId, model, repo, skills, agentSettings, java.util.Map.of(), List.of());
    }

    public SandboxSpec(String sessionId, String model, GitSource repo, List<GitSource> skills, String agentSettings,
            java.util.Map<String, String> environment) {
        this(sessionId, model, repo, skills, agentSettings, environment, List.of());
    }

    public static SandboxSpec forSession(String sessionId) {
        return new SandboxSpec(sessionId, null, null, List.of(), null);
    }

    /** The environment's names only: its values are the user's secrets. */
    @Override
    public String toString() {
        return "SandboxSpec[sessionId=" + sessionId + ", model=" + model + ", repo=" + repo + ", repositories="
                + repositories + ", skills=" + skills + ", environment=" + environment.keySet() + "]";
    }
}
