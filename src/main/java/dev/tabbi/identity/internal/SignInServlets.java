package dev.tabbi.identity.internal;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The two plain HTTP ends of the GitHub flow; the authentication mechanism does the real work of the callback. */
final class SignInServlets {
    private SignInServlets() {
    }

    /** {@code GET /auth/github/start[?repo=true][&returnTo=/path]}: off to GitHub's consent page. */
    @WebServlet("/auth/github/start")
    public static class Start extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Inject
        transient GitHubSignIn gitHubSignIn;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setHeader("Cache-Control", "no-store");
            try {
                boolean privateRepos = "true".equals(request.getParameter("repo"));
                response.sendRedirect(gitHubSignIn.start(request, response, privateRepos, request.getParameter("returnTo")));
            } catch (SignInFailure failure) {
                response.sendRedirect(failure.reason().page(request.getContextPath()));
            }
        }
    }

    /**
     * {@code GET /auth/github/callback}, after the authentication mechanism handled it: on to where the user was,
     * or to the sign-in page with the reason it failed.
     */
    @WebServlet(IdentityConfiguration.CALLBACK_PATH)
    public static class Callback extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @jakarta.inject.Inject
        transient IdentityConfiguration configuration;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setHeader("Cache-Control", "no-store");
            Object failure = request.getAttribute(DashboardAuthentication.FAILURE);
            Object returnTo = request.getAttribute(DashboardAuthentication.RETURN_TO);
            if (failure instanceof SignInFailure.Reason reason) {
                response.sendRedirect(reason.page(request.getContextPath()));
            } else if (returnTo == null || request.getUserPrincipal() == null) {
                response.sendRedirect(SignInFailure.Reason.BAD_STATE.page(request.getContextPath()));
            } else {
                response.sendRedirect(request.getContextPath() + ReturnTo.sanitize(returnTo.toString(), configuration.home()));
            }
        }
    }
}
