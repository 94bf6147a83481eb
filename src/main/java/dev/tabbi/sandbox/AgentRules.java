package dev.tabbi.sandbox;

/** The operator's rules for every agent, for what shows them (a session's details). */
public interface AgentRules {

    AgentGuardRails guardRails();
}
