package dev.tabbi.identity.web;

import dev.tabbi.identity.internal.IdentityConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Which ways of signing in this server offers; the layout shows a banner while the development one is on. */
@Named
@ApplicationScoped
public class SignInOptions {

    @Inject
    IdentityConfiguration options;

    public boolean isGitHubAvailable() {
        return options.gitHubSignInAvailable();
    }

    public boolean isDevSignInEnabled() {
        return options.devSignInEnabled();
    }
}
