package dev.tabbi.client;

import jakarta.json.JsonObject;

/**
 * The caller's usage over a period: the totals, and (in {@code json}) the series per day or hour and the totals
 * per key, as the API sends them.
 */
public record Usage(long sessionsCreated, long turns, long inputTokens, long outputTokens, long sandboxSeconds,
        JsonObject json) {
    static Usage of(JsonObject json) {
        JsonObject totals = json.getJsonObject("totals");
        return new Usage(number(totals, "sessionsCreated"), number(totals, "turns"), number(totals, "inputTokens"),
                number(totals, "outputTokens"), number(totals, "sandboxSeconds"), json);
    }

    private static long number(JsonObject totals, String field) {
        return totals.containsKey(field) ? totals.getJsonNumber(field).longValue() : 0;
    }
}
