package dev.tabbi.sessions.internal;

import dev.tabbi.platform.RequestBody;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * What a caller asks for when creating a session (the body of {@code POST /v1/sessions}, or the dashboard's form);
 * every field is optional. The API binds it strictly ({@link RequestBody}: types, sizes, known keys);
 * {@link SessionRequests} checks what the fields mean. {@code mcpServers} and {@code agents} are free-form JSON here,
 * checked key by key by {@link AgentSettings}.
 */
public record NewSession(
        @Size(max = 500, message = "at most {max} characters") String repo,
        @Size(max = 1000, message = "at most {max} characters") String gitToken,
        @Size(max = SessionRequests.MAX_SYSTEM_PROMPT, message = "at most {max} characters") String systemPrompt,
        Map<String, Object> mcpServers,
        Map<String, Object> agents,
        @Size(max = SessionRequests.MAX_SKILLS, message = "at most {max}") List<@Size(max = 500, message = "at most {max} characters") String> skills,
        @Size(max = 200, message = "at most {max} characters") String branch,
        @Size(max = 200, message = "at most {max} characters") String model,
        Boolean autoCreatePr,
        @Size(max = SessionRequests.MAX_SECRETS, message = "at most {max}") List<String> secrets,
        @Size(max = SessionRepositories.MAX, message = "at most {max}") List<@Valid Repository> repos) implements RequestBody {

    /** One of several repositories: cloned into {@code path} of the workspace, on {@code branch}. */
    public record Repository(
            @Size(max = 500, message = "at most {max} characters") String repo,
            @Size(max = 200, message = "at most {max} characters") String branch,
            @Size(max = 100, message = "at most {max} characters") String path,
            @Size(max = 1000, message = "at most {max} characters") String gitToken) implements RequestBody {
    }

    public static NewSession empty() {
        return new NewSession(null, null, null, null, null, null, null, null, null, null, null);
    }
}
