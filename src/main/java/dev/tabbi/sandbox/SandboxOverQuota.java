package dev.tabbi.sandbox;

/**
 * A running sandbox wrote more than its disk quota: what its agent was running was stopped, and its session's turn
 * should end. Fired once each time a sandbox goes over, from the provider's own thread.
 */
public record SandboxOverQuota(String sandboxId, String sessionId, long usedBytes, long quotaBytes) {
}
