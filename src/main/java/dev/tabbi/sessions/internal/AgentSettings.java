package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Refusal;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The session's {@code mcpServers} and {@code agents}, checked field by field and turned into OpenCode's
 * {@code mcp} and {@code agent} settings (the contract's fields are OpenCode's). Unknown fields are refused, not
 * ignored: a session quietly missing a tool its creator asked for would be worse than a clear 400.
 */
public final class AgentSettings {
    static final int MAX_ENTRIES = 20;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> MCP_FIELDS = Set.of("type", "command", "environment", "url", "headers", "timeout", "enabled");
    private static final Set<String> AGENT_FIELDS = Set.of("description", "mode", "model", "prompt", "temperature", "tools", "permission");

    private AgentSettings() {
    }

    /**
     * OpenCode settings as a JSON object ({@code mcp}, {@code agent}), or null when neither is given. An agent's
     * {@code model} must be one of {@code models} (the operator's; {@code provider/} before it is allowed and
     * dropped: the sandbox names its own provider).
     */
    public static String of(Map<String, Object> mcpServers, Map<String, Object> agents, List<String> models) {
        if (mcpServers == null && agents == null) {
            return null;
        }
        JsonObjectBuilder settings = Json.createObjectBuilder();
        if (mcpServers != null) {
            settings.add("mcp", entries("mcpServers", mcpServers, MCP_FIELDS, AgentSettings::mcpServer));
        }
        if (agents != null) {
            settings.add("agent", entries("agents", agents, AGENT_FIELDS, (path, fields) -> agent(path, fields, models)));
        }
        return settings.build().toString();
    }

    private interface EntryReader {
        JsonObjectBuilder read(String path, Map<String, Object> fields);
    }

    private static JsonObjectBuilder entries(String field, Map<String, Object> entries, Set<String> known, EntryReader reader) {
        if (entries.size() > MAX_ENTRIES) {
            throw Refusal.invalid(field + ": at most " + MAX_ENTRIES + " entries");
        }
        JsonObjectBuilder result = Json.createObjectBuilder();
        entries.forEach((name, value) -> {
            String path = field + "." + name;
            if (!NAME.matcher(name).matches()) {
                throw Refusal.invalid(field + ": names are 1 to 64 letters, digits, '-' or '_'");
            }
            Map<String, Object> fields = object(path, value);
            fields.keySet().stream().filter(key -> !known.contains(key)).findFirst().ifPresent(key -> {
                throw Refusal.invalid(path + "." + key + ": unknown field (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            });
            result.add(name, reader.read(path, fields));
        });
        return result;
    }

    private static JsonObjectBuilder mcpServer(String path, Map<String, Object> fields) {
        JsonObjectBuilder server = Json.createObjectBuilder();
        String type = text(path + ".type", fields.get("type"), 10, true);
        server.add("type", type);
        switch (type) {
            case "local" -> {
                List<?> command = fields.get("command") instanceof List<?> list ? list : null;
                if (command == null || command.isEmpty() || command.size() > 50) {
                    throw Refusal.invalid(path + ".command: a list of 1 to 50 strings");
                }
                JsonArrayBuilder parts = Json.createArrayBuilder();
                command.forEach(part -> parts.add(text(path + ".command", part, 2000, true)));
                server.add("command", parts);
                if (fields.containsKey("environment")) {
                    server.add("environment", strings(path + ".environment", fields.get("environment")));
                }
            }
            case "remote" -> {
                String url = text(path + ".url", fields.get("url"), 2000, true);
                if (!url.startsWith("https://") && !url.startsWith("http://")) {
                    throw Refusal.invalid(path + ".url: an http(s) URL");
                }
                server.add("url", url);
                if (fields.containsKey("headers")) {
                    server.add("headers", strings(path + ".headers", fields.get("headers")));
                }
            }
            default -> throw Refusal.invalid(path + ".type: local or remote");
        }
        if (fields.containsKey("timeout")) {
            server.add("timeout", number(path + ".timeout", fields.get("timeout"), BigDecimal.ONE, BigDecimal.valueOf(600_000)));
        }
        if (fields.containsKey("enabled")) {
            server.add("enabled", bool(path + ".enabled", fields.get("enabled")));
        }
        return server;
    }

    private static JsonObjectBuilder agent(String path, Map<String, Object> fields, List<String> models) {
        JsonObjectBuilder agent = Json.createObjectBuilder();
        optionalText(agent, "description", path, fields, 1000);
        if (fields.containsKey("model")) {
            String model = text(path + ".model", fields.get("model"), 200, true);
            String name = model.substring(model.lastIndexOf('/') + 1);
            if (!models.contains(name)) {
                throw Refusal.invalid(path + ".model: one of " + String.join(", ", models));
            }
            agent.add("model", name);
        }
        optionalText(agent, "prompt", path, fields, 50_000);
        if (fields.containsKey("mode")) {
            String mode = text(path + ".mode", fields.get("mode"), 10, true);
            if (!Set.of("primary", "subagent", "all").contains(mode)) {
                throw Refusal.invalid(path + ".mode: primary, subagent or all");
            }
            agent.add("mode", mode);
        }
        if (fields.containsKey("temperature")) {
            agent.add("temperature", number(path + ".temperature", fields.get("temperature"), BigDecimal.ZERO, BigDecimal.ONE));
        }
        if (fields.containsKey("tools")) {
            JsonObjectBuilder tools = Json.createObjectBuilder();
            object(path + ".tools", fields.get("tools")).forEach((tool, on) -> tools.add(tool, bool(path + ".tools." + tool, on)));
            agent.add("tools", tools);
        }
        if (fields.containsKey("permission")) {
            agent.add("permission", Json.createObjectBuilder(object(path + ".permission", fields.get("permission"))));
        }
        return agent;
    }

    private static void optionalText(JsonObjectBuilder target, String field, String path, Map<String, Object> fields, int max) {
        if (fields.containsKey(field)) {
            target.add(field, text(path + "." + field, fields.get(field), max, false));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String path, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw Refusal.invalid(path + ": an object");
        }
        return (Map<String, Object>) map;
    }

    private static JsonObjectBuilder strings(String path, Object value) {
        Map<String, Object> map = object(path, value);
        if (map.size() > 50) {
            throw Refusal.invalid(path + ": at most 50 entries");
        }
        JsonObjectBuilder result = Json.createObjectBuilder();
        map.forEach((key, text) -> result.add(key, text(path + "." + key, text, 8000, false)));
        return result;
    }

    private static String text(String path, Object value, int max, boolean required) {
        if (!(value instanceof String text) || (required && text.isBlank()) || text.length() > max) {
            throw Refusal.invalid(path + ": " + (required ? "a non-empty" : "a") + " string of at most " + max + " characters");
        }
        return text;
    }

    private static JsonValue number(String path, Object value, BigDecimal min, BigDecimal max) {
        if (!(value instanceof Number number)) {
            throw Refusal.invalid(path + ": a number from " + min + " to " + max);
        }
        BigDecimal decimal = new BigDecimal(number.toString());
        if (decimal.compareTo(min) < 0 || decimal.compareTo(max) > 0) {
            throw Refusal.invalid(path + ": a number from " + min + " to " + max);
        }
        return Json.createValue(decimal);
    }

    private static boolean bool(String path, Object value) {
        if (!(value instanceof Boolean flag)) {
            throw Refusal.invalid(path + ": true or false");
        }
        return flag;
    }
}
