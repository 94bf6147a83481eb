package dev.tabbi.platform;

import java.time.Instant;

/**
 * This node is shutting down: its observers finish what runs here by {@code deadline}, then hand the rest over.
 * Fired synchronously, once; the node stays alive until every observer has returned.
 */
public record NodeDraining(String nodeId, Instant deadline) {
}
