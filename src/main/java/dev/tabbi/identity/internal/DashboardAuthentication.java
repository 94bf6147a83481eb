package dev.tabbi.identity.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * How the dashboard knows its users (Jakarta Security). It finishes GitHub's OAuth callback and the development
 * sign-in, and restores the signed-in user from the browser's dashboard session on later requests
 * ({@link DashboardSessions}, shared by every node, so any node may serve any request). It never answers by itself: redirects (to the sign-in page, after the callback) are made
 * further down the chain, where every response gets the platform's headers. On the API ({@code /v1}) API keys
 * authenticate; the one exception is a call without a key from the dashboard's own pages, where the signed-in user is
 * restored too (the keys module's filter lets it through only where a route allows it, with the CSRF token on changes).
 */
@ApplicationScoped
public class DashboardAuthentication implements HttpAuthenticationMechanism {
    private static final Logger LOG = Logger.getLogger(DashboardAuthentication.class.getName());
    /** The request attribute with this request's {@link DashboardSessions.Signed}, looked up once. */
    public static final String SIGNED = "tabbi.signed";
    static final String RETURN_TO = "tabbi.returnTo";
    static final String FAILURE = "tabbi.signInFailure";
    static final Set<String> GROUPS = Set.of("user");

    @Inject
    IdentityConfiguration configuration;

    @Inject
    GitHubSignIn gitHubSignIn;

    @Inject
    DefaultUsers users;

    @Inject
    DashboardSessions sessions;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (isDashboardApiCall(path, request)) {
            UUID remembered = rememberedUser(request);
            return remembered == null ? context.doNothing()
                    : context.notifyContainerAboutLogin(new CallerPrincipal(remembered.toString()), GROUPS);
        }
        if (path.startsWith("/v1/") || dev.tabbi.platform.Probes.isProbe(path) || path.startsWith("/jakarta.faces.resource/")) {
            return context.doNothing();
        }
        try {
            if (context.isAuthenticationRequest() && context.getAuthParameters().getCredential() instanceof DevCredential dev) {
                return signIn(request, response, context, devSignIn(dev));
            }
            if (path.equals(IdentityConfiguration.CALLBACK_PATH)) {
                GitHubSignIn.Completed completed = gitHubSignIn.complete(request);
                request.setAttribute(RETURN_TO, completed.returnTo());
                return signIn(request, response, context, completed.userId());
            }
        } catch (SignInFailure failure) {
            LOG.info("identity.sign_in_failed reason=" + failure.reason());
            request.setAttribute(FAILURE, failure.reason());
            if (context.isAuthenticationRequest()) {
                return AuthenticationStatus.SEND_FAILURE;
            }
        }
        UUID remembered = rememberedUser(request);
        if (remembered != null) {
            return context.notifyContainerAboutLogin(new CallerPrincipal(remembered.toString()), GROUPS);
        }
        return context.doNothing();
    }

    /**
     * The API called without an API key: perhaps the dashboard's pages, with the browser's cookie. The keys module lets
     * the signed-in user through only on routes that allow it ({@code DashboardMayCall}).
     */
    static boolean isDashboardApiCall(String path, HttpServletRequest request) {
        return path.startsWith("/v1/") && request.getHeader("Authorization") == null;
    }

    /** Where an anonymous visitor of a member page is sent: the sign-in page, which brings them back after. */
    static String signInRedirect(HttpServletRequest request, String home) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String returnTo = path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        return request.getContextPath() + "/signin.xhtml?returnTo="
                + URLEncoder.encode(ReturnTo.sanitize(returnTo, home), StandardCharsets.UTF_8);
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

    /** A new dashboard session at sign-in (no fixation: whatever the browser had before ends). */
    private AuthenticationStatus signIn(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context, UUID userId) {
        sessions.start(request, response, userId);
        return context.notifyContainerAboutLogin(new CallerPrincipal(userId.toString()), GROUPS);
    }

    /** The user of the browser's dashboard session, from the store every node shares (none once it expired). */
    private UUID rememberedUser(HttpServletRequest request) {
        Optional<DashboardSessions.Signed> signed = sessions.find(request);
        signed.ifPresent(found -> request.setAttribute(SIGNED, found));
        return signed.map(DashboardSessions.Signed::userId).orElse(null);
    }
}
