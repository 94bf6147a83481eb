package dev.tabbi.platform.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.TreeMap;

/** Bean Validation failures → 400 {@code VALIDATION_ERROR}, one human message per invalid field in details. */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(ConstraintViolationException e) {
        Map<String, Object> fields = new TreeMap<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            fields.put(fieldOf(violation), violation.getMessage());
        }
        String message = fields.size() == 1
                ? fields.keySet().iterator().next() + ": " + fields.values().iterator().next()
                : "The request has " + fields.size() + " invalid fields";
        return ErrorResponses.of(request, 400, "VALIDATION_ERROR", message, Map.of("fields", fields));
    }

    /** The last node of the property path ({@code create.body.repo} → {@code repo}): what the caller sent. */
    static String fieldOf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
