package dev.tabbi.identity.web;

import dev.tabbi.identity.SignedInUser;
import dev.tabbi.identity.internal.DevCredential;
import dev.tabbi.identity.internal.SignInFailure;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The sign-in page: GitHub button, the explanation of a failed attempt, and the development sign-in form. */
@Named
@RequestScoped
public class SignInPage {

    @Inject
    SecurityContext securityContext;

    @Inject
    SignInOptions options;

    @Inject
    SignedInUser signedInUser;

    @Inject
    dev.tabbi.identity.internal.IdentityConfiguration configuration;

    private String devLogin = "developer";

    /** Human words for the {@code error} code the authentication mechanism put in the URL, or null. */
    public String getErrorMessage() {
        String code = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("error");
        if (code == null) {
            return null;
        }
        try {
            return switch (SignInFailure.Reason.valueOf(code.toUpperCase(Locale.ROOT))) {
                case DENIED -> "You declined access on GitHub, so you were not signed in.";
                case BAD_STATE -> "This sign-in link was already used or did not start here. Please start again.";
                case EXPIRED -> "The sign-in took longer than ten minutes. Please start again.";
                case GITHUB_REFUSED -> "GitHub did not accept the sign-in. Please start again.";
                case GITHUB_DOWN -> "GitHub is not answering right now. Please try again in a moment.";
                case NOT_CONFIGURED -> "Sign-in with GitHub is not set up on this server yet.";
                case DEV_DISABLED -> "The development sign-in is switched off on this server.";
            };
        } catch (IllegalArgumentException e) {
            return "The sign-in did not work. Please start again.";
        }
    }

    public String getGitHubStartUrl() {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        String returnTo = external.getRequestParameterMap().get("returnTo");
        return external.getRequestContextPath() + "/auth/github/start"
                + (returnTo == null ? "" : "?returnTo=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8));
    }

    public boolean isGitHubAvailable() {
        return options.isGitHubAvailable();
    }

    public boolean isDevSignInEnabled() {
        return options.isDevSignInEnabled();
    }

    public String getDevLogin() {
        return devLogin;
    }

    public void setDevLogin(String devLogin) {
        this.devLogin = devLogin;
    }

    /** Signs in as a development user (only when enabled: the mechanism refuses otherwise). */
    public void signInAsDeveloper() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        AuthenticationStatus status = securityContext.authenticate(
                (HttpServletRequest) external.getRequest(), (HttpServletResponse) external.getResponse(),
                AuthenticationParameters.withParams().credential(new DevCredential(devLogin)).newAuthentication(true));
        if (status == AuthenticationStatus.SUCCESS) {
            external.redirect(external.getRequestContextPath() + configuration.home());
        } else {
            external.redirect(SignInFailure.Reason.DEV_DISABLED.page(external.getRequestContextPath()));
        }
        faces.responseComplete();
    }
}
