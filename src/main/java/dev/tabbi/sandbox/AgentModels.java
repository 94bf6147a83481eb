package dev.tabbi.sandbox;

import java.util.List;

/**
 * The models a session may ask for, all on the one configured model endpoint ({@code AGENT_MODEL_NAME} first, then
 * {@code AGENT_MODEL_CHOICES}). A remote sandbox service picks its agent's model itself and ignores the choice.
 */
public interface AgentModels {

    /** The names offered and accepted, the default first. */
    List<String> choices();

    /** The model of a session that names none. */
    default String defaultChoice() {
        return choices().get(0);
    }
}
