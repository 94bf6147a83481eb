/**
 * Sessions: the agent sessions users open through the API and the dashboard. Owns the session lifecycle and
 * its state machine, turns, live event streams with replay, message history, files, logs and pause/resume.
 *
 * <p>May use: platform, identity, keys, sandbox.
 */
@Module(name = "sessions", allowedDependencies = {"platform", "identity", "keys", "sandbox"},
        tables = {"sessions", "session_messages", "session_events", "session_event_counters", "session_idempotency_keys",
        "open_streams", "webhook_endpoints", "webhook_messages", "webhook_attempts", "session_pull_requests", "user_secrets"},
        paths = {"sessions", "webhooks", "secrets", "models"})
package dev.tabbi.sessions;

import dev.tabbi.platform.Module;
