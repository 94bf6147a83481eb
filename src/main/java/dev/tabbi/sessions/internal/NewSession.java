package dev.tabbi.sessions.internal;

import java.util.List;
import java.util.Map;

/**
 * What a caller asks for when creating a session (the body of {@code POST /v1/sessions}, or the dashboard's form);
 * every field is optional. {@link SessionRequests} validates it.
 */
public record NewSession(String repo, String gitToken, String systemPrompt, Map<String, Object> mcpServers,
        Map<String, Object> agents, List<String> skills, String branch, String model, Boolean autoCreatePr, List<String> secrets, List<Map<String, Object>> repos) {

    public static NewSession empty() {
        return new NewSession(null, null, null, null, null, null, null, null, null, null, null);
    }
}
