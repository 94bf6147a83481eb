package dev.tabbi.sessions.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the platform shows of a session with secrets: each value replaced by {@code [REDACTED:NAME]} wherever it
 * appears, in text, in the strings of an event's data, in a file's bytes. Longer values first, so one secret that
 * contains another is hidden whole.
 */
final class SecretRedaction {
    static final SecretRedaction NONE = new SecretRedaction(Map.of());

    private final List<Map.Entry<String, String>> secrets;

    SecretRedaction(Map<String, String> values) {
        List<Map.Entry<String, String>> sorted = new ArrayList<>(values.entrySet());
        sorted.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getValue().length()).reversed());
        this.secrets = List.copyOf(sorted);
    }

    boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** The length of the longest value: a stream must hold back one character less to never show a piece of one. */
    int longest() {
        return secrets.isEmpty() ? 0 : secrets.get(0).getValue().length();
    }

    String apply(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String result = text;
        for (var secret : secrets) {
            result = result.replace(secret.getValue(), marker(secret.getKey()));
        }
        return result;
    }

    /** Strings anywhere in maps and lists (an event's data), redacted; the rest as it was. */
    Object applyDeep(Object value) {
        if (secrets.isEmpty()) {
            return value;
        }
        if (value instanceof String text) {
            return apply(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, inner) -> copy.put(key, applyDeep(inner)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::applyDeep).toList();
        }
        return value;
    }

    byte[] apply(byte[] content) {
        if (secrets.isEmpty()) {
            return content;
        }
        byte[] result = content;
        for (var secret : secrets) {
            result = replace(result, secret.getValue().getBytes(StandardCharsets.UTF_8),
                    marker(secret.getKey()).getBytes(StandardCharsets.UTF_8));
        }
        return result;
    }

    private static String marker(String name) {
        return "[REDACTED:" + name + "]";
    }

    private static byte[] replace(byte[] content, byte[] target, byte[] replacement) {
        var out = new java.io.ByteArrayOutputStream(content.length);
        int i = 0;
        while (i < content.length) {
            if (i + target.length <= content.length && Arrays.equals(content, i, i + target.length, target, 0, target.length)) {
                out.writeBytes(replacement);
                i += target.length;
            } else {
                out.write(content[i++]);
            }
        }
        return out.toByteArray();
    }
}
