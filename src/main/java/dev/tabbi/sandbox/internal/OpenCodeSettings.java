package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.AgentModel;
import dev.tabbi.sandbox.AgentGuardRails;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment an OpenCode server gets in a sandbox: its own home and XDG directories (so it never reads the
 * host user's configuration), a password for its HTTP API, every switch that keeps it off the network except for
 * the model, and the session's configuration inline (nothing is written into the user's repository).
 */
final class OpenCodeSettings {
    static final String USER = "opencode";

    private OpenCodeSettings() {
    }

    /**
     * The complete environment of the agent process, with its home and XDG directories where the agent sees them:
     * nothing of the host's is passed through.
     */
    static Map<String, String> environment(String home, String xdg, String password, AgentModel model, String agentSettings,
            AgentGuardRails guardRails) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("HOME", home);
        env.put("XDG_CONFIG_HOME", xdg + "/config");
        env.put("XDG_DATA_HOME", xdg + "/data");
        env.put("XDG_CACHE_HOME", xdg + "/cache");
        env.put("XDG_STATE_HOME", xdg + "/state");
        env.put("OPENCODE_SERVER_PASSWORD", password);
        env.put("OPENCODE_DISABLE_MODELS_FETCH", "1");
        env.put("OPENCODE_DISABLE_AUTOUPDATE", "1");
        env.put("OPENCODE_DISABLE_SHARE", "1");
        env.put("OPENCODE_DISABLE_LSP_DOWNLOAD", "1");
        env.put("OPENCODE_CONFIG_CONTENT", config(model, agentSettings, guardRails));
        env.put("GIT_TERMINAL_PROMPT", "0");
        return env;
    }

    /** OpenCode's built-in agents, which get the operator's step cap when the session does not name them. */
    private static final List<String> BUILT_IN_AGENTS = List.of("build", "plan", "general", "explore");

    /**
     * OpenCode's configuration: one OpenAI-compatible provider with the session's model, every tool allowed but the
     * shell commands the operator refuses, the session's own {@code agent} and {@code mcp} settings (a JSON object,
     * or null), and the operator's cap on steps per turn on every agent. A session's agent settings cannot loosen
     * the operator's: its shell permissions are replaced, its step cap lowered to the operator's.
     */
    static String config(AgentModel model, String agentSettings, AgentGuardRails guardRails) {
        String qualified = model.provider() + "/" + model.model();
        jakarta.json.JsonObject settings = agentSettings == null ? jakarta.json.JsonValue.EMPTY_JSON_OBJECT
                : Json.createReader(new java.io.StringReader(agentSettings)).readObject();
        // every model the session's agents name (already one of the operator's) is offered by the one provider
        java.util.Set<String> names = new java.util.LinkedHashSet<>(java.util.List.of(model.model()));
        JsonObjectBuilder agents = Json.createObjectBuilder();
        if (settings.get("agent") instanceof jakarta.json.JsonObject given) {
            given.forEach((name, value) -> {
                jakarta.json.JsonObject agent = value.asJsonObject();
                if (agent.containsKey("model")) {
                    names.add(agent.getString("model"));
                    agent = Json.createObjectBuilder(agent).add("model", model.provider() + "/" + agent.getString("model")).build();
                }
                agents.add(name, guarded(agent, guardRails));
            });
        }
        JsonObjectBuilder models = Json.createObjectBuilder();
        names.forEach(name -> models.add(name, Json.createObjectBuilder().add("tool_call", true)
                .add("limit", Json.createObjectBuilder().add("context", 128_000).add("output", 8_192))));
        JsonObjectBuilder provider = Json.createObjectBuilder()
                .add("npm", "@ai-sdk/openai-compatible")
                .add("options", Json.createObjectBuilder()
                        .add("baseURL", model.baseUrl().toString())
                        .add("apiKey", model.apiKey() == null ? "none" : model.apiKey())
                        .add("timeout", 120_000))
                .add("models", models);
        JsonObjectBuilder config = Json.createObjectBuilder()
                .add("autoupdate", false)
                .add("share", "disabled")
                .add("model", qualified)
                .add("small_model", qualified)
                .add("enabled_providers", Json.createArrayBuilder().add(model.provider()))
                .add("provider", Json.createObjectBuilder().add(model.provider(), provider))
                .add("permission", guardRails.restrictsShell() ? permissions(guardRails) : Json.createValue("allow"));
        if (guardRails.maxIterations() > 0) {
            jakarta.json.JsonObject named = agents.build();
            JsonObjectBuilder capped = Json.createObjectBuilder(named);
            for (String builtIn : BUILT_IN_AGENTS) {
                if (!named.containsKey(builtIn)) {
                    capped.add(builtIn, Json.createObjectBuilder().add("steps", guardRails.maxIterations()));
                }
            }
            config.add("agent", capped);
        } else if (settings.containsKey("agent")) {
            config.add("agent", agents);
        }
        if (settings.containsKey("mcp")) {
            config.add("mcp", settings.get("mcp"));
        }
        return config.build().toString();
    }

    /** Everything allowed (no tool may wait for a person's answer), then the shell's rules: the last match wins. */
    private static jakarta.json.JsonObject permissions(AgentGuardRails guardRails) {
        return Json.createObjectBuilder().add("*", "allow").add("bash", bashRules(guardRails)).build();
    }

    private static jakarta.json.JsonObject bashRules(AgentGuardRails guardRails) {
        JsonObjectBuilder bash = Json.createObjectBuilder().add("*", guardRails.allowedBashCommands().isEmpty() ? "allow" : "deny");
        guardRails.allowedBashCommands().forEach(pattern -> bash.add(pattern, "allow"));
        guardRails.deniedBashCommands().forEach(pattern -> bash.add(pattern, "deny"));
        return bash.build();
    }

    /** A session's agent under the operator's guard rails: its shell rules replaced, its step cap at most theirs. */
    private static jakarta.json.JsonObject guarded(jakarta.json.JsonObject agent, AgentGuardRails guardRails) {
        JsonObjectBuilder guarded = Json.createObjectBuilder(agent);
        if (guardRails.restrictsShell()) {
            JsonObjectBuilder permission = agent.get("permission") instanceof jakarta.json.JsonObject own
                    ? Json.createObjectBuilder(own) : Json.createObjectBuilder().add("*", "allow");
            guarded.add("permission", permission.add("bash", bashRules(guardRails)));
        }
        if (guardRails.maxIterations() > 0) {
            int own = agent.get("steps") instanceof jakarta.json.JsonNumber steps ? steps.intValue() : Integer.MAX_VALUE;
            guarded.add("steps", Math.min(own, guardRails.maxIterations()));
            guarded.remove("maxSteps");
        }
        return guarded.build();
    }
}
