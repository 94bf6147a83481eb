package dev.tabbi.testsupport;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A generated corpus of what a careless or hostile client sends one route: wrong types in every field of its body,
 * nulls, deep nesting, huge strings and numbers, invalid UTF-8, repeated and unknown keys, odd content types, bad
 * path segments, query parameters and headers. Each is a {@link Probe} to send.
 */
public final class BadRequests {

    /**
     * One bad request: what it tries, and the request; {@code undecodable} when its path cannot be decoded (the server
     * refuses it with a bare 400 before the app sees it).
     */
    public record Probe(String label, String method, String path, Map<String, String> headers, byte[] body, boolean undecodable) {
        Probe(String label, String method, String path, Map<String, String> headers, byte[] body) {
            this(label, method, path, headers, body, false);
        }

        @Override
        public String toString() {
            return label + " → " + method + " " + (path.length() > 120 ? path.substring(0, 120) + "…" : path);
        }
    }

    /** Values of the wrong type for a field of a JSON body, or odd ones of the right type. */
    static final List<String> FIELD_VALUES = List.of("[1,2]", "{\"x\":1}", "123", "-1", "1.5", "true", "null", "\"\"",
            "\"text\"", "1e999999999", "-0", "[null]", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
            "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":{\"j\":{\"k\":{\"l\":{\"m\":{\"n\":{\"o\":{\"p\":{\"q\":{}}}}}}}}}}}}}}}}}}",
            "\"\\u0000\\ud800\"", "\"" + "x".repeat(200_000) + "\"", "[" + "\"s\",".repeat(5_000) + "\"s\"]",
            "{\"" + "k".repeat(5_000) + "\":1}", "99999999999999999999999");

    /** Whole bodies that are not what any route takes. */
    static final List<byte[]> BODIES = List.of(bytes(""), bytes("null"), bytes("[]"), bytes("\"text\""), bytes("1"),
            bytes("true"), bytes("{"), bytes("{}x"), bytes("{} {}"), bytes("{\"a\":1,\"a\":2}"), bytes("{'a':1}"),
            bytes("\uFEFF{}"), bytes("[".repeat(100_000)), bytes("{\"a\":".repeat(50_000)),
            new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0},
            bytes("{\"" + "x".repeat(2_000_000) + "\":1}"));

    static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json; charset=iso-8859-1", "garbage", "*/*", "application/json;;;");

    /** Path segments that decode to no text: a NUL, invalid UTF-8. */
    static final List<String> UNDECODABLE = List.of("%00", "%C3%28");

    static final List<String> SEGMENTS = List.of("not-a-uuid", "%00", "%2e%2e%2f%2e%2e", "a".repeat(3_000), "%C3%28",
            "%F0%9F%98%80", "-1", "0", "00000000-0000-0000-0000-000000000000", "%20", "..");

    static final List<String> QUERY_VALUES = List.of("", "-1", "0", "abc", "99999999999999999999", "1e9", "1.5",
            "a".repeat(5_000), "%00", "%C3%28", "2026-13-45", "%27%20OR%201%3D1--", "null");

    static final List<String> HEADER_VALUES = List.of("", "abc", "-1", "99999999999999999999999", "1e5", "a".repeat(5_000),
            "0x10", " 7 ", "\t");

    private BadRequests() {
    }

    /**
     * The probes for one route. {@code ids} gives the good value of a path parameter by its name (an id of the
     * caller's own), so that the bad body and parameters reach the route's logic, not only its not-found answer.
     */
    public static List<Probe> of(ServedRoutes.Route route, Function<String, String> ids) {
        List<Probe> probes = new ArrayList<>();
        String good = fill(route.path(), ids, null);
        Map<String, String> json = Map.of("Content-Type", "application/json");
        if (route.body() != null && route.body().isRecord()) {
            // first, the case a careless client found by hand: a 500 on POST /v1/sessions before bodies were strict
            probes.add(new Probe("agents=[1,2]", route.method(), good, json, bytes("{\"agents\":[1,2]}")));
            for (RecordComponent field : route.body().getRecordComponents()) {
                for (String value : FIELD_VALUES) {
                    probes.add(new Probe(field.getName() + "=" + shortened(value), route.method(), good, json,
                            bytes("{\"" + field.getName() + "\":" + value + "}")));
                }
            }
            probes.add(new Probe("unknown key", route.method(), good, json, bytes("{\"noSuchField\":1}")));
            for (byte[] body : BODIES) {
                probes.add(new Probe("body " + shortened(new String(body, StandardCharsets.ISO_8859_1)), route.method(), good, json, body));
            }
            for (String type : CONTENT_TYPES) {
                probes.add(new Probe("content type " + type, route.method(), good, Map.of("Content-Type", type), bytes("{}")));
            }
            probes.add(new Probe("no content type", route.method(), good, Map.of(), bytes("{}")));
        }
        for (String segment : SEGMENTS) {
            for (String name : parameters(route.path())) {
                probes.add(new Probe("{" + name + "}=" + shortened(segment), route.method(), fill(route.path(), ids, Map.entry(name, segment)),
                        route.body() == null ? Map.of() : json, route.body() == null ? null : bytes("{}"), UNDECODABLE.contains(segment)));
            }
        }
        for (String parameter : route.queryParameters()) {
            for (String value : QUERY_VALUES) {
                probes.add(new Probe("?" + parameter + "=" + shortened(value), route.method(), good + "?" + parameter + "=" + value,
                        Map.of(), null));
            }
        }
        for (String header : route.headers()) {
            for (String value : HEADER_VALUES) {
                probes.add(new Probe(header + ": " + shortened(value), route.method(), good,
                        Map.of(header, value, "Content-Type", "application/json"), route.body() == null ? null : bytes("{\"x\":1}")));
            }
        }
        return probes;
    }

    /** The path with its parameters filled in: good ids, except {@code bad} (name and value) if given. */
    private static String fill(String template, Function<String, String> ids, Map.Entry<String, String> bad) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : parameters(template)) {
            values.put(name, bad != null && bad.getKey().equals(name) ? bad.getValue() : ids.apply(name));
        }
        String path = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            path = path.replaceFirst("\\{" + value.getKey() + "(:[^}]*)?\\}", java.util.regex.Matcher.quoteReplacement(value.getValue()));
        }
        return path;
    }

    private static List<String> parameters(String template) {
        List<String> names = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile("\\{([A-Za-z]+)(:[^}]*)?\\}").matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String shortened(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…(" + value.length() + ")" : value;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
