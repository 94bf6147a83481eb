package dev.tabbi.platform.api;

import dev.tabbi.platform.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Errors the modules raise on purpose: their status, code and message go to the caller unchanged. */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<ApiException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(ApiException e) {
        Response response = ErrorResponses.of(request, e.status(), e.code(), e.getMessage(), e.details());
        if (e.headers().isEmpty()) {
            return response;
        }
        Response.ResponseBuilder withHeaders = Response.fromResponse(response);
        e.headers().forEach(withHeaders::header);
        return withHeaders.build();
    }
}
