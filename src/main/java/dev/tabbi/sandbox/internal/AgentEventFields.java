package dev.tabbi.sandbox.internal;

import dev.tabbi.platform.ReplyFields;
import dev.tabbi.sandbox.SandboxException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;

/**
 * Fields of OpenCode's events as {@link OpenCodeTurnTranslator} reads them: for the type they should have, anything
 * else counting as absent; a token count that is not a plausible one ends the turn.
 */
final class AgentEventFields {
    private static final long MAX_TOKENS = 1_000_000_000_000L;

    private AgentEventFields() {
    }

    /** A token count: a whole number from 0 to a trillion, else the event is refused. Absent: 0. */
    static long count(JsonObject tokens, String field) {
        JsonValue value = tokens.get(field);
        if (ReplyFields.absent(value)) {
            return 0;
        }
        if (!(value instanceof JsonNumber number)) {
            throw new SandboxException("the agent reported a token count that is not a number");
        }
        BigDecimal decimal;
        try {
            decimal = ReplyFields.decimal(number, "a token count");
        } catch (ReplyFields.Unexpected e) {
            throw new SandboxException("the agent reported an impossible token count");
        }
        // precision - scale is the digits before the point, known without expanding the number
        if (decimal.signum() < 0 || decimal.precision() - decimal.scale() > 13 || decimal.compareTo(BigDecimal.valueOf(MAX_TOKENS)) > 0) {
            throw new SandboxException("the agent reported an impossible token count");
        }
        return decimal.longValue();
    }

    /** The field if it is an object; anything else there counts as absent. */
    static JsonObject object(JsonObject object, String field) {
        return object.get(field) instanceof JsonObject value ? value : null;
    }

    static String text(JsonObject object, String field) {
        JsonValue value = object.get(field);
        return value instanceof JsonString string ? string.getString() : null;
    }
}
