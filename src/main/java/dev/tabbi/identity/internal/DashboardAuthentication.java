package dev.tabbi.identity.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * How the dashboard knows its users (Jakarta Security). It finishes GitHub's OAuth callback and the development
 * sign-in, and restores the signed-in user from the browser session on later requests (until the session's
 * absolute lifetime ends). It never answers by itself: redirects (to the sign-in page, after the callback) are made
 * further down the chain, where every response gets the platform's headers. On the API ({@code /v1}) API keys
 * authenticate; the one exception is the sessions routes called by the dashboard's own pages without a key, where
 * the signed-in user is restored too (the keys module's filter then asks for the CSRF token on changes).
 */
@ApplicationScoped
public class DashboardAuthentication implements HttpAuthenticationMechanism {
    private static final Logger LOG = Logger.getLogger(DashboardAuthentication.class.getName());
    static final String USER_ID = "tabbi.userId";
    static final String SIGNED_IN_AT = "tabbi.signedInAt";
    static final String RETURN_TO = "tabbi.returnTo";
    static final String FAILURE = "tabbi.signInFailure";
    static final Set<String> GROUPS = Set.of("user");
    private static final String[] MEMBER_AREAS = {"/keys/", "/sessions/", "/usage/", "/account/"};

    @Inject
    IdentityConfiguration configuration;

    @Inject
    GitHubSignIn gitHubSignIn;

    @Inject
    DefaultUsers users;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (isDashboardApiCall(path, request)) {
            UUID remembered = rememberedUser(request.getSession(false));
            return remembered == null ? context.doNothing()
                    : context.notifyContainerAboutLogin(new CallerPrincipal(remembered.toString()), GROUPS);
        }
        if (path.startsWith("/v1/") || path.startsWith("/health") || path.startsWith("/jakarta.faces.resource/")) {
            return context.doNothing();
        }
        try {
            if (context.isAuthenticationRequest() && context.getAuthParameters().getCredential() instanceof DevCredential dev) {
                return signIn(request, context, devSignIn(dev));
            }
            if (path.equals(IdentityConfiguration.CALLBACK_PATH)) {
                GitHubSignIn.Completed completed = gitHubSignIn.complete(request);
                request.setAttribute(RETURN_TO, completed.returnTo());
                return signIn(request, context, completed.userId());
            }
        } catch (SignInFailure failure) {
            LOG.info("identity.sign_in_failed reason=" + failure.reason());
            request.setAttribute(FAILURE, failure.reason());
            if (context.isAuthenticationRequest()) {
                return AuthenticationStatus.SEND_FAILURE;
            }
        }
        UUID remembered = rememberedUser(request.getSession(false));
        if (remembered != null) {
            return context.notifyContainerAboutLogin(new CallerPrincipal(remembered.toString()), GROUPS);
        }
        return context.doNothing();
    }

    /** A sessions route of the API called without an API key: the dashboard's pages, with the browser's cookie. */
    static boolean isDashboardApiCall(String path, HttpServletRequest request) {
        return (path.equals("/v1/sessions") || path.startsWith("/v1/sessions/")) && request.getHeader("Authorization") == null;
    }

    /** Where an anonymous visitor of a member page is sent: the sign-in page, which brings them back after. */
    static String signInRedirect(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String returnTo = path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        return request.getContextPath() + "/signin.xhtml?returnTo="
                + URLEncoder.encode(ReturnTo.sanitize(returnTo), StandardCharsets.UTF_8);
    }

    /** Pages only signed-in users see; the rest of the dashboard is public. */
    static boolean isMemberArea(String path) {
        for (String area : MEMBER_AREAS) {
            if (path.startsWith(area) || path.equals(area.substring(0, area.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    private UUID devSignIn(DevCredential credential) {
        if (!configuration.devSignInEnabled()) {
            throw new SignInFailure(SignInFailure.Reason.DEV_DISABLED, "identity.dev-sign-in is off");
        }
        String login = credential.login() == null ? "" : credential.login().strip();
        if (!login.matches("[A-Za-z0-9-]{1,39}")) {
            login = "developer";
        }
        // Development users get negative ids, which GitHub never hands out.
        long fakeGithubId = -1L - (login.toLowerCase(java.util.Locale.ROOT).hashCode() & 0x7fffffffL);
        return users.signIn(new GitHubProfile(fakeGithubId, login, login + " (development)", null, null), null, Set.of());
    }

    /** A new session id at sign-in (no fixation); the session remembers the user until it ends. */
    private AuthenticationStatus signIn(HttpServletRequest request, HttpMessageContext context, UUID userId) {
        HttpSession existing = request.getSession(false);
        if (existing != null) {
            request.changeSessionId();
        }
        HttpSession session = request.getSession(true);
        session.setAttribute(USER_ID, userId.toString());
        session.setAttribute(SIGNED_IN_AT, Instant.now());
        return context.notifyContainerAboutLogin(new CallerPrincipal(userId.toString()), GROUPS);
    }

    private UUID rememberedUser(HttpSession session) {
        if (session == null || session.getAttribute(USER_ID) == null) {
            return null;
        }
        Instant signedInAt = (Instant) session.getAttribute(SIGNED_IN_AT);
        if (signedInAt == null || signedInAt.plus(configuration.sessionMaxLifetime()).isBefore(Instant.now())) {
            session.invalidate(); // absolute lifetime reached: sign in again
            return null;
        }
        return UUID.fromString((String) session.getAttribute(USER_ID));
    }
}
