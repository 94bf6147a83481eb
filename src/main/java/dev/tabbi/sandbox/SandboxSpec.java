package dev.tabbi.sandbox;

/**
 * What a sandbox is made from: the session it serves and the model its agent uses. (The system prompt travels with
 * each prompt; repository cloning, agents and MCP servers are added with the sessions API.)
 */
public record SandboxSpec(String sessionId, AgentModel model) {
}
