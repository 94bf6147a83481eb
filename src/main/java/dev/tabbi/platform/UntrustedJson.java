package dev.tabbi.platform;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;

/**
 * JSON from a party that is not trusted (a client, an agent, a remote service), read so that no text can make the
 * reader misbehave: one value and nothing after it, nested at most so deep (no stack overflow from
 * {@code [[[[…}), numbers of bounded size and exponent (nobody later expands {@code 1e999999999} into digits), no key
 * twice in an object. Anything else is {@link Malformed}, naming where ({@code agents.x.tools}) and what.
 */
public final class UntrustedJson {
    private static final int MAX_NUMBER_CHARACTERS = 64;
    private static final int MAX_NUMBER_SCALE = 40;
    /**
     * Found once: {@code Json.createValue} and its kin look the provider up on every call, which costs about a
     * millisecond in the server, so that a body of 5,000 short strings took seconds to read.
     */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** Why a text is not acceptable JSON; {@code path} is where in it ({@code ""}: the whole). */
    public static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String path;
        private final String problem;

        Malformed(String path, String problem) {
            super((path.isEmpty() ? "" : path + ": ") + problem);
            this.path = path;
            this.problem = problem;
        }

        public String path() {
            return path;
        }

        public String problem() {
            return problem;
        }
    }

    private UntrustedJson() {
    }

    /** The one JSON value of {@code text}, nested at most {@code maxDepth} arrays and objects deep. */
    public static JsonValue parse(String text, int maxDepth) {
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new Malformed("", "no JSON value");
            }
            JsonValue value = value(parser, parser.next(), 1, maxDepth, "");
            if (parser.hasNext()) {
                throw new Malformed("", "more than one JSON value");
            }
            return value;
        } catch (JsonParsingException e) {
            throw new Malformed("", "not valid JSON (line " + e.getLocation().getLineNumber() + ", column "
                    + e.getLocation().getColumnNumber() + ")");
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new Malformed("", "not valid JSON");
        }
    }

    private static JsonValue value(JsonParser parser, JsonParser.Event event, int depth, int maxDepth, String path) {
        return switch (event) {
            case START_OBJECT -> {
                nested(depth, maxDepth, path);
                JsonObjectBuilder object = JSON.createObjectBuilder();
                Set<String> keys = new HashSet<>();
                for (JsonParser.Event next = parser.next(); next != JsonParser.Event.END_OBJECT; next = parser.next()) {
                    String key = parser.getString();
                    String at = field(path, key);
                    if (!keys.add(key)) {
                        throw new Malformed(at, "given twice");
                    }
                    object.add(key, value(parser, parser.next(), depth + 1, maxDepth, at));
                }
                yield object.build();
            }
            case START_ARRAY -> {
                nested(depth, maxDepth, path);
                JsonArrayBuilder array = JSON.createArrayBuilder();
                int index = 0;
                for (JsonParser.Event next = parser.next(); next != JsonParser.Event.END_ARRAY; next = parser.next()) {
                    array.add(value(parser, next, depth + 1, maxDepth, path + "[" + index++ + "]"));
                }
                yield array.build();
            }
            case VALUE_STRING -> JSON.createValue(parser.getString());
            case VALUE_NUMBER -> JSON.createValue(number(parser.getString(), path));
            case VALUE_TRUE -> JsonValue.TRUE;
            case VALUE_FALSE -> JsonValue.FALSE;
            case VALUE_NULL -> JsonValue.NULL;
            default -> throw new Malformed(path, "not a JSON value");
        };
    }

    private static void nested(int depth, int maxDepth, String path) {
        if (depth > maxDepth) {
            throw new Malformed(path, "nested deeper than " + maxDepth + " levels");
        }
    }

    private static BigDecimal number(String text, String path) {
        if (text.length() > MAX_NUMBER_CHARACTERS) {
            throw new Malformed(path, "a number of at most " + MAX_NUMBER_CHARACTERS + " characters");
        }
        BigDecimal number;
        try {
            number = new BigDecimal(text);
        } catch (NumberFormatException e) { // an exponent beyond what a BigDecimal holds: 1e99999999999
            throw new Malformed(path, "a number out of range");
        }
        if (Math.abs(number.scale()) > MAX_NUMBER_SCALE) {
            throw new Malformed(path, "a number out of range");
        }
        return number;
    }

    /** The path of a key under {@code path}; a key too long to quote back is cut short. */
    public static String field(String path, String key) {
        String name = key.length() > 64 ? key.substring(0, 64) + "…" : key;
        return path.isEmpty() ? name : path + "." + name;
    }
}
