/**
 * Usage: what users consume and what they may consume. Owns metering (from other modules' events), rate
 * limits, budgets and the usage API and charts. Nothing calls into it to record usage: it observes events.
 *
 * <p>May use: platform, identity, keys, sessions, sandbox (the model gateway's meter and admission).
 */
@Module(name = "usage", allowedDependencies = {"platform", "identity", "keys", "sessions", "sandbox"},
        tables = {"usage_hourly", "usage_daily", "usage_sessions", "usage_budgets", "usage_user_budgets"},
        paths = {"usage"})
package dev.tabbi.usage;

import dev.tabbi.platform.Module;
