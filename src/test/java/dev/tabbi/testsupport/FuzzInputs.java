package dev.tabbi.testsupport;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What fuzz tests of reply readers make of their input: a reply as a Rest Client reads it, if it is JSON at all. */
public final class FuzzInputs {

    private FuzzInputs() {
    }

    /** The JSON value of the input; empty when it is not JSON (the Rest Client fails before any reader sees it). */
    public static Optional<JsonValue> reply(byte[] input) {
        try {
            return Optional.of(Json.createReader(new StringReader(new String(input, StandardCharsets.UTF_8))).readValue());
        } catch (JsonException | IllegalStateException | NumberFormatException e) { // NumberFormat: an exponent past a BigDecimal's
            return Optional.empty();
        }
    }
}
