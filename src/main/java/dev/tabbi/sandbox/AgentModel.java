package dev.tabbi.sandbox;

import java.net.URI;

/**
 * The language model the agent talks to: an OpenAI-compatible endpoint. {@code apiKey} is a secret and never
 * appears in {@link #toString()}.
 */
public record AgentModel(String provider, String model, URI baseUrl, String apiKey) {

    /** The same endpoint with another model name; null keeps this one. */
    public AgentModel named(String name) {
        return name == null ? this : new AgentModel(provider, name, baseUrl, apiKey);
    }

    @Override
    public String toString() {
        return "AgentModel[provider=" + provider + ", model=" + model + ", baseUrl=" + baseUrl + ", apiKey=<hidden>]";
    }
}
