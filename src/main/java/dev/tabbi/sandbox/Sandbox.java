package dev.tabbi.sandbox;

import java.net.URI;

/**
 * A running sandbox: where its agent (an OpenCode server) answers and the credentials it demands. Only the
 * sessions module talks to the agent; the URL and password never reach a browser or an API client.
 */
public record Sandbox(String id, String sessionId, URI agentUrl, String agentUser, String agentPassword) {

    @Override
    public String toString() {
        return "Sandbox[id=" + id + ", sessionId=" + sessionId + ", agentUrl=" + agentUrl + ", agentPassword=<hidden>]";
    }
}
