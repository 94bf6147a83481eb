package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.ModelCallRefused;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /gateway/v1/chat/completions}: the OpenAI-compatible endpoint sandboxes' agents call with their
 * sandbox's token ({@link ModelGateway} does the rest). Anything else here is a 404.
 */
@WebServlet(urlPatterns = "/gateway/v1/*")
public class ModelGatewayServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    transient ModelGateway gateway;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/chat/completions".equals(request.getPathInfo())) {
            error(response, new ModelCallRefused(dev.tabbi.platform.Refusal.Reason.NOT_FOUND, "NOT_FOUND", "The model gateway serves POST /chat/completions only"));
            return;
        }
        String authorization = request.getHeader("Authorization");
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
        try {
            gateway.forward(token, request.getInputStream(), response);
        } catch (ModelCallRefused refused) {
            if (!response.isCommitted()) {
                error(response, refused);
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        error(response, new ModelCallRefused(dev.tabbi.platform.Refusal.Reason.NOT_FOUND, "NOT_FOUND", "The model gateway serves POST /chat/completions only"));
    }

    /** The API's error shape, which OpenAI-compatible clients read too ({@code error.message}, {@code error.code}). */
    static void error(HttpServletResponse response, ModelCallRefused refused) throws IOException {
        byte[] body = Json.createObjectBuilder().add("error", Json.createObjectBuilder().add("code", refused.code())
                .add("message", refused.getMessage()).add("type", "tabbi_gateway")).build().toString()
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(dev.tabbi.platform.RefusalStatus.of(refused.reason()));
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
