package dev.tabbi.sandbox;

/**
 * What a sandbox is made from: the session it serves and, optionally, a model for its agent (null: the model this
 * server is configured with). The system prompt travels with each prompt; repository cloning, agents and MCP
 * servers are added with the sessions API.
 */
public record SandboxSpec(String sessionId, AgentModel model) {

    public static SandboxSpec forSession(String sessionId) {
        return new SandboxSpec(sessionId, null);
    }
}
