package dev.tabbi.sandbox;

/**
 * Asked by the model gateway before it sends an agent's request to the model provider: another module (usage, with
 * its budgets) may refuse it by throwing {@link ModelCallRefused}. Every implementation is asked.
 */
public interface ModelCallAdmission {

    /** Throws {@link ModelCallRefused} when the session may not spend more on its model now. */
    void admit(java.util.UUID sessionId);
}
