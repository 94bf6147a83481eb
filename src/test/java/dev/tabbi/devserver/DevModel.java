package dev.tabbi.devserver;

import dev.tabbi.testsupport.FakeModel;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which model the run command's sessions talk to. A model configured the app's own way ({@code AGENT_MODEL_*})
 * wins; else {@code ANTHROPIC_API_KEY} or {@code OPENAI_API_KEY}; else the scripted demo model, served here, and the
 * dashboard says so in a banner.
 */
final class DevModel {
    static final String ANTHROPIC_MODEL = "claude-sonnet-4-5";

    private DevModel() {
    }

    /** Adds the model's settings to {@code env}; returns the demo model to close at the end, if one was started. */
    static Optional<FakeModel> configure(Map<String, String> env, Function<String, Optional<String>> setting) {
        if (setting.apply("AGENT_MODEL_API_KEY").isPresent() || setting.apply("AGENT_MODEL_BASE_URL").isPresent()) {
            for (String name : new String[] {"AGENT_MODEL_PROVIDER", "AGENT_MODEL_NAME", "AGENT_MODEL_BASE_URL",
                "AGENT_MODEL_API_KEY", "AGENT_MODEL_CHOICES"}) {
                setting.apply(name).ifPresent(value -> env.put(name, value));
            }
            say("model: " + env.getOrDefault("AGENT_MODEL_NAME", "the default") + " at AGENT_MODEL_BASE_URL");
            return Optional.empty();
        }
        Optional<String> anthropic = setting.apply("ANTHROPIC_API_KEY");
        if (anthropic.isPresent()) {
            env.put("AGENT_MODEL_PROVIDER", "anthropic");
            env.put("AGENT_MODEL_BASE_URL", "https://api.anthropic.com/v1");
            env.put("AGENT_MODEL_NAME", setting.apply("AGENT_MODEL_NAME").orElse(ANTHROPIC_MODEL));
            env.put("AGENT_MODEL_API_KEY", anthropic.get());
            say("model: Anthropic " + env.get("AGENT_MODEL_NAME") + " (ANTHROPIC_API_KEY)");
            return Optional.empty();
        }
        Optional<String> openai = setting.apply("OPENAI_API_KEY");
        if (openai.isPresent()) {
            env.put("AGENT_MODEL_API_KEY", openai.get());
            setting.apply("AGENT_MODEL_NAME").ifPresent(name -> env.put("AGENT_MODEL_NAME", name));
            say("model: OpenAI " + env.getOrDefault("AGENT_MODEL_NAME", "gpt-4.1-mini") + " (OPENAI_API_KEY)");
            return Optional.empty();
        }
        FakeModel demo = new FakeModel();
        env.put("AGENT_MODEL_PROVIDER", "scripted");
        env.put("AGENT_MODEL_NAME", "demo-model");
        env.put("AGENT_MODEL_BASE_URL", demo.baseUrl().toString());
        env.put("AGENT_MODEL_API_KEY", "demo");
        env.put("AGENT_MODEL_DEMO", "true");
        say("no model key set: sessions use the scripted demo model (set ANTHROPIC_API_KEY or OPENAI_API_KEY for a real one)");
        return Optional.of(demo);
    }

    private static void say(String message) {
        System.out.println("[tabbi-dev] " + message);
    }
}
