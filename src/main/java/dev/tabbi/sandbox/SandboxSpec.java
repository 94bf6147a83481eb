package dev.tabbi.sandbox;

import java.util.List;

/**
 * What a sandbox is made from: the session it serves; the name of its agent's model, one of
 * {@link AgentModels#choices()} (null: the configured default); the repository to clone into its workspace (null: an empty workspace); skills to install for
 * its agent; and {@code agentSettings}, a JSON object of OpenCode settings for the session ({@code agent} and
 * {@code mcp}, already validated), or null. The system prompt travels with each prompt instead.
 */
public record SandboxSpec(String sessionId, String model, GitSource repo, List<GitSource> skills, String agentSettings) {

    public SandboxSpec {
        skills = skills == null ? List.of() : List.copyOf(skills);
    }

    public static SandboxSpec forSession(String sessionId) {
        return new SandboxSpec(sessionId, null, null, List.of(), null);
    }
}
