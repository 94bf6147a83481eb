package dev.tabbi.platform.internal;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import dev.tabbi.platform.RequestId;

/**
 * Where the servlet container sends errors nobody else handled (declared in web.xml). API paths get the JSON
 * error shape, pages get the friendly error page; neither ever shows a stack trace.
 */
@WebServlet(urlPatterns = "/error-dispatch")
public class ErrorPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ErrorPageServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        int status = statusOf(request);
        String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (failure != null) {
            LOG.log(Level.SEVERE, "http.unhandled request_id=" + RequestId.of(request) + " path=" + uri, failure);
        }
        if (uri.startsWith(request.getContextPath() + "/v1") || uri.startsWith(request.getContextPath() + "/health")) {
            JsonResponses.writeError(request, response, status, JsonResponses.codeFor(status), messageFor(status));
            return;
        }
        response.setStatus(status);
        request.setAttribute("tabbiErrorStatus", status);
        request.setAttribute("tabbiErrorMessage", messageFor(status));
        request.getRequestDispatcher("/WEB-INF/errors/error.xhtml").forward(request, response);
    }

    private static int statusOf(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        return code instanceof Integer status && status >= 400 ? status : 500;
    }

    static String messageFor(int status) {
        return switch (status) {
            case 400 -> "The request could not be understood.";
            case 403 -> "You are not allowed to see this.";
            case 404 -> "Nothing was found at this address.";
            case 405 -> "This method is not allowed here.";
            default -> status >= 500 ? "Something went wrong on our side. It has been logged."
                    : "The request could not be served.";
        };
    }
}
