package dev.tabbi.platform.api;

import dev.tabbi.platform.internal.JsonResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * HTTP errors raised by JAX-RS itself (no such route, wrong method, unreadable body…) in the contract's shape.
 * Messages are our own: the runtime's can mention internal class names.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = switch (status) {
            case 400 -> "The request is malformed (check the JSON body and parameters)";
            case 404 -> e instanceof NotFoundException ? "No such API route: " + path() : "Not found";
            case 405 -> "Method not allowed on " + path();
            case 406 -> "None of the accepted media types can be produced";
            case 415 -> "Unsupported content type; send application/json";
            default -> status >= 500 ? "Internal error" : "Request failed with status " + status;
        };
        Response response = ErrorResponses.of(request, status, JsonResponses.codeFor(status), message, Map.of());
        if (e instanceof NotAllowedException) {
            return Response.fromResponse(response).allow(e.getResponse().getAllowedMethods()).build();
        }
        return response;
    }

    private String path() {
        return request == null ? "" : request.getRequestURI();
    }
}
