package dev.tabbi.platform.internal;

import dev.tabbi.platform.Refusal;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Bean Validation constraints of a bound request body (sizes, patterns, ranges on its record components, nested
 * records through {@code @Valid}), checked with the server's Bean Validation provider. Each violated field is named by
 * its path in the body ({@code repos[0].path}).
 */
final class RequestBodyValidation {

    private RequestBodyValidation() {
    }

    /** Built once, on first use: finding the provider takes a while. */
    private static final class Holder {
        static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    }

    static void check(Object body) {
        Set<ConstraintViolation<Object>> violations = Holder.VALIDATOR.validate(body);
        if (violations.isEmpty()) {
            return;
        }
        Map<String, Object> fields = new TreeMap<>();
        for (ConstraintViolation<Object> violation : violations) {
            fields.put(violation.getPropertyPath().toString(), violation.getMessage());
        }
        Map.Entry<String, Object> first = ((TreeMap<String, Object>) fields).firstEntry();
        String message = fields.size() == 1 ? first.getKey() + ": " + first.getValue()
                : first.getKey() + ": " + first.getValue() + " (and " + (fields.size() - 1) + " more in details.fields)";
        throw new Refusal(Refusal.Reason.INVALID, "VALIDATION_ERROR", message, Map.of("fields", fields));
    }
}
