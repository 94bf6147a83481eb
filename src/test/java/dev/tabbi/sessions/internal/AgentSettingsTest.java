package dev.tabbi.sessions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabbi.platform.Refusal;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract's mcpServers and agents become OpenCode's mcp and agent settings, and nothing unchecked gets through. */
class AgentSettingsTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static final List<String> MODELS = List.of("small", "big");

    @Test
    void bothKindsOfMcpServerAndAnAgentAreCarriedOver() {
        String settings = AgentSettings.of(
                Map.of("files", Map.of("type", "local", "command", List.of("npx", "-y", "server-files"),
                                "environment", Map.of("ROOT", "/work"), "timeout", new BigDecimal("5000"), "enabled", true),
                        "docs", Map.of("type", "remote", "url", "https://mcp.example.com", "headers", Map.of("X-Key", "k"))),
                Map.of("reviewer", Map.of("description", "Reviews", "mode", "subagent", "temperature", new BigDecimal("0.3"),
                        "tools", Map.of("write", false), "permission", Map.of("edit", "deny"), "model", "any/big")), MODELS);

        JsonObject parsed = json(settings);
        assertThat(parsed.getJsonObject("mcp").getJsonObject("files").getJsonArray("command")).hasSize(3);
        assertThat(parsed.getJsonObject("mcp").getJsonObject("files").getInt("timeout")).isEqualTo(5000);
        assertThat(parsed.getJsonObject("mcp").getJsonObject("docs").getString("url")).isEqualTo("https://mcp.example.com");
        JsonObject reviewer = parsed.getJsonObject("agent").getJsonObject("reviewer");
        assertThat(reviewer.getString("mode")).isEqualTo("subagent");
        assertThat(reviewer.getString("model")).as("the sandbox names the provider").isEqualTo("big");
        assertThat(reviewer.getJsonNumber("temperature").doubleValue()).isEqualTo(0.3);
        assertThat(reviewer.getJsonObject("tools").getBoolean("write")).isFalse();
        assertThat(reviewer.getJsonObject("permission").getString("edit")).isEqualTo("deny");
    }

    @Test
    void nothingGivenIsNoSettings() {
        assertThat(AgentSettings.of(null, null, MODELS)).isNull();
    }

    @Test
    void everyMistakeIsNamedByItsPath() {
        assertRefused(Map.of("x", Map.of("type", "local")), null, "mcpServers.x.command");
        assertRefused(Map.of("x", Map.of("type", "ftp")), null, "mcpServers.x.type");
        assertRefused(Map.of("x", Map.of("type", "remote", "url", "file:///etc")), null, "mcpServers.x.url");
        assertRefused(Map.of("x", Map.of("type", "remote", "url", "https://a", "timeout", new BigDecimal("-1"))), null, "mcpServers.x.timeout");
        assertRefused(Map.of("x", Map.of("type", "remote", "url", "https://a", "colour", "red")), null, "mcpServers.x.colour");
        assertRefused(Map.of("x", "not an object"), null, "mcpServers.x");
        assertRefused(Map.of("bad name!", Map.of()), null, "mcpServers:");
        assertRefused(null, Map.of("a", Map.of("mode", "boss")), "agents.a.mode");
        assertRefused(null, Map.of("a", Map.of("temperature", new BigDecimal("1.5"))), "agents.a.temperature");
        assertRefused(null, Map.of("a", Map.of("tools", Map.of("write", "no"))), "agents.a.tools.write");
        assertRefused(null, Map.of("a", Map.of("model", "openai/gpt-4o")), "agents.a.model: one of small, big");
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i <= AgentSettings.MAX_ENTRIES; i++) {
            many.put("agent" + i, Map.of());
        }
        assertRefused(null, many, "agents:");
    }

    private static void assertRefused(Map<String, Object> mcpServers, Map<String, Object> agents, String path) {
        assertThatThrownBy(() -> AgentSettings.of(mcpServers, agents, MODELS)).isInstanceOf(Refusal.class)
                .hasMessageStartingWith(path);
    }
}
