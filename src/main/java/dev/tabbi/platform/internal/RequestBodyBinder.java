package dev.tabbi.platform.internal;

import dev.tabbi.platform.Refusal;
import dev.tabbi.platform.RequestBody;
import dev.tabbi.platform.UntrustedJson;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds a {@link RequestBody} record from the bytes of a request, strictly and before any logic: UTF-8 only, one
 * JSON object read as {@link UntrustedJson} (nested at most {@value #MAX_DEPTH} levels, bounded numbers, no key
 * twice), only the record's own fields, each of its declared type ({@code String},
 * {@code Boolean}, {@code Integer}, {@code Long}, a nested record, {@code List} of those, {@code Map<String, …>},
 * {@code Object} for free-form JSON), then the record's Bean Validation constraints. Anything wrong is a
 * {@link Refusal} (400 {@code VALIDATION_ERROR}) naming the field as a path such as {@code repos[1].branch}.
 */
public final class RequestBodyBinder {
    public static final int MAX_DEPTH = 16;

    private RequestBodyBinder() {
    }

    /** The body as the record; null when the body is empty (only white space). */
    public static <T extends RequestBody> T bind(byte[] body, Class<T> type) {
        String text = utf8(body);
        if (text.isBlank()) {
            return null;
        }
        Object tree = parse(text);
        if (!(tree instanceof Map<?, ?>)) {
            throw invalid("", "the body is a JSON object, not " + kind(tree));
        }
        T bound = type.cast(convert(tree, type, ""));
        RequestBodyValidation.check(bound);
        return bound;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("", "the body is not valid UTF-8");
        }
    }

    /** The whole JSON as plain Java: Map, List, String, BigDecimal, Boolean, null. */
    private static Object parse(String text) {
        try {
            return plain(UntrustedJson.parse(text, MAX_DEPTH));
        } catch (UntrustedJson.Malformed e) {
            throw invalid(e.path(), e.path().isEmpty() ? "the body is " + e.problem() : e.problem());
        }
    }

    private static Object plain(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                value.asJsonObject().forEach((key, item) -> object.put(key, plain(item)));
                yield object;
            }
            case ARRAY -> {
                List<Object> array = new ArrayList<>();
                value.asJsonArray().forEach(item -> array.add(plain(item)));
                yield array;
            }
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).bigDecimalValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }

    /** The plain value as the declared type, or a refusal naming what was expected. */
    private static Object convert(Object value, Type type, String path) {
        if (value == null || type == Object.class) {
            return value;
        }
        if (type instanceof ParameterizedType generic) {
            Type raw = generic.getRawType();
            Type[] arguments = generic.getActualTypeArguments();
            if (raw == List.class) {
                return list(value, arguments[0], path);
            }
            if (raw == Map.class && arguments[0] == String.class) {
                return map(value, arguments[1], path);
            }
        } else if (type instanceof Class<?> declared) {
            if (declared == String.class) {
                return expect(value, String.class, path, "a string");
            }
            if (declared == Boolean.class) {
                return expect(value, Boolean.class, path, "true or false");
            }
            if (declared == Integer.class || declared == Long.class) {
                return whole(value, declared == Integer.class, path);
            }
            if (declared.isRecord() && RequestBody.class.isAssignableFrom(declared)) {
                return record(expect(value, Map.class, path, "an object"), declared, path);
            }
        }
        throw new IllegalStateException("a request body may not declare " + type.getTypeName() + " (" + path + ")");
    }

    private static List<Object> list(Object value, Type element, String path) {
        List<?> items = expect(value, List.class, path, "an array");
        List<Object> converted = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String at = path + "[" + i + "]";
            if (items.get(i) == null) {
                throw invalid(at, "a value, not null");
            }
            converted.add(convert(items.get(i), element, at));
        }
        return converted;
    }

    private static Map<String, Object> map(Object value, Type entry, String path) {
        Map<?, ?> entries = expect(value, Map.class, path, "an object");
        Map<String, Object> converted = new LinkedHashMap<>();
        entries.forEach((key, item) -> converted.put((String) key, convert(item, entry, field(path, (String) key))));
        return converted;
    }

    private static Object whole(Object value, boolean small, String path) {
        BigDecimal number = expect(value, BigDecimal.class, path, "a whole number");
        try {
            long whole = number.longValueExact();
            if (small) {
                return Integer.valueOf(Math.toIntExact(whole)); // not in a ?: with the Long: that would make it a long
            }
            return Long.valueOf(whole);
        } catch (ArithmeticException e) {
            throw invalid(path, "a whole number" + (small ? " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE : ""));
        }
    }

    private static Object record(Map<?, ?> fields, Class<?> type, String path) {
        RecordComponent[] components = type.getRecordComponents();
        List<String> known = Arrays.stream(components).map(RecordComponent::getName).toList();
        for (Object key : fields.keySet()) {
            if (!known.contains(key)) {
                throw invalid(field(path, (String) key), "unknown field (known: "
                        + known.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            arguments[i] = convert(fields.get(name), components[i].getGenericType(), field(path, name));
        }
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            return canonical.newInstance(arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Refusal refusal) {
                throw refusal;
            }
            throw new IllegalStateException("cannot make " + type.getName(), e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot make " + type.getName() + " of " + Arrays.stream(arguments)
                    .map(a -> a == null ? "null" : a.getClass().getSimpleName()).toList(), e);
        }
    }

    private static <T> T expect(Object value, Class<T> type, String path, String expected) {
        if (!type.isInstance(value)) {
            throw invalid(path, expected + ", not " + kind(value));
        }
        return type.cast(value);
    }

    private static String kind(Object value) {
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof BigDecimal) {
            return "a number";
        }
        return value instanceof Boolean ? "true or false" : "null";
    }

    private static String field(String path, String key) {
        return UntrustedJson.field(path, key);
    }

    /** A 400 naming the field ({@code details.fields}), as Bean Validation failures are answered. */
    static Refusal invalid(String path, String problem) {
        String field = path.isEmpty() ? "body" : path;
        return new Refusal(Refusal.Reason.INVALID, "VALIDATION_ERROR", field + ": " + problem,
                Map.of("fields", Map.of(field, problem)));
    }
}
