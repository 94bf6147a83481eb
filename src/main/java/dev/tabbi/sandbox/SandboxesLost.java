package dev.tabbi.sandbox;

import java.util.List;

/**
 * Fired when sandboxes were found gone or orphaned (e.g. this node restarted and reaped what its predecessor left):
 * the sessions they served can no longer run.
 */
public record SandboxesLost(List<String> sandboxIds) {

    public SandboxesLost {
        sandboxIds = List.copyOf(sandboxIds);
    }
}
