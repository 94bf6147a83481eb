package dev.tabbi.platform;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Fields of a JSON reply from a service that is not trusted (a sandbox platform, GitHub, an agent): each read for
 * the type it must have. A reply that does not have it is {@link Unexpected}, which the caller turns into its own
 * "the service answered nonsense" failure, never a {@code ClassCastException} or {@code NullPointerException} deep in
 * the server.
 */
public final class ReplyFields {

    /** The reply is not what the service should have answered. */
    public static final class Unexpected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unexpected(String message) {
            super(message);
        }
    }

    private ReplyFields() {
    }

    public static JsonObject object(JsonValue value, String what) {
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new Unexpected(what + " is not an object");
    }

    /** A string field that must be there and not blank. */
    public static String text(JsonObject object, String field) {
        if (object.get(field) instanceof JsonString text && !text.getString().isBlank()) {
            return text.getString();
        }
        throw new Unexpected(field + " is missing or not a string");
    }

    /** A string field that may be absent or null ({@code fallback} then); any other type is unexpected. */
    public static String optionalText(JsonObject object, String field, String fallback) {
        JsonValue value = object.get(field);
        if (absent(value)) {
            return fallback;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        throw new Unexpected(field + " is not a string");
    }

    /** A true/false field that may be absent or null ({@code fallback} then). */
    public static boolean flag(JsonObject object, String field, boolean fallback) {
        JsonValue value = object.get(field);
        if (absent(value)) {
            return fallback;
        }
        if (value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE) {
            return value.getValueType() == JsonValue.ValueType.TRUE;
        }
        throw new Unexpected(field + " is not true or false");
    }

    /** Whether a field is not there, or there as {@code null}: both mean "not said". */
    public static boolean absent(JsonValue value) {
        return value == null || value.getValueType() == JsonValue.ValueType.NULL;
    }

    /** A whole number from {@code min} to {@code max}; checked without expanding a number such as {@code 1e999999999}. */
    public static long whole(JsonObject object, String field, long min, long max) {
        if (object.get(field) instanceof JsonNumber number) {
            BigDecimal value = decimal(number, field);
            if (value.precision() - value.scale() <= 19 && value.stripTrailingZeros().scale() <= 0
                    && value.compareTo(BigDecimal.valueOf(min)) >= 0 && value.compareTo(BigDecimal.valueOf(max)) <= 0) {
                return value.longValueExact();
            }
        }
        throw new Unexpected(field + " is not a whole number from " + min + " to " + max);
    }

    /** The number's value; JSON-P reads it only now, and an exponent beyond a BigDecimal's fails here. */
    public static BigDecimal decimal(JsonNumber number, String what) {
        try {
            return number.bigDecimalValue();
        } catch (NumberFormatException e) {
            throw new Unexpected(what + " is a number out of range");
        }
    }

    /** An array field of objects, of at most {@code max} items. */
    public static List<JsonObject> objects(JsonObject object, String field, int max) {
        if (!(object.get(field) instanceof JsonArray array)) {
            throw new Unexpected(field + " is not an array");
        }
        return objects(array, field, max);
    }

    public static List<JsonObject> objects(JsonArray array, String what, int max) {
        if (array.size() > max) {
            throw new Unexpected(what + " has more than " + max + " items");
        }
        return array.stream().map(item -> object(item, "an item of " + what)).toList();
    }

    /** An array field of strings, of at most {@code max} items. */
    public static List<String> texts(JsonObject object, String field, int max) {
        if (!(object.get(field) instanceof JsonArray array) || array.size() > max) {
            throw new Unexpected(field + " is not an array of at most " + max + " strings");
        }
        return array.stream().map(item -> {
            if (item instanceof JsonString text) {
                return text.getString();
            }
            throw new Unexpected("an item of " + field + " is not a string");
        }).toList();
    }

    /** An absolute http(s) URL with a host. */
    public static URI httpUrl(String text, String what) {
        try {
            URI url = new URI(text);
            if (url.getHost() != null && ("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()))) {
                return url;
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw new Unexpected(what + " is not an http(s) URL");
    }
}
