package dev.tabbi.sandbox;

import java.net.URI;
import java.util.Map;

/**
 * A running sandbox: where its agent (an OpenCode server) answers, the credentials it demands, and any further
 * headers the way to it needs (a provider's proxy token). Only the sessions module talks to the agent; the URL,
 * password and headers never reach a browser or an API client.
 */
public record Sandbox(String id, String sessionId, URI agentUrl, String agentUser, String agentPassword,
        Map<String, String> agentHeaders) {

    public Sandbox {
        agentHeaders = agentHeaders == null ? Map.of() : Map.copyOf(agentHeaders);
    }

    public Sandbox(String id, String sessionId, URI agentUrl, String agentUser, String agentPassword) {
        this(id, sessionId, agentUrl, agentUser, agentPassword, Map.of());
    }

    @Override
    public String toString() {
        return "Sandbox[id=" + id + ", sessionId=" + sessionId + ", agentUrl=" + agentUrl + ", agentPassword=<hidden>]";
    }
}
