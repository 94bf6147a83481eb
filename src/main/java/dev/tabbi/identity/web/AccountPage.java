package dev.tabbi.identity.web;

import dev.tabbi.identity.SignedInUser;
import dev.tabbi.identity.User;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.TreeSet;

/** The account page: the GitHub profile Tabbi knows, what it may access, and the way to grant private repositories. */
@Named
@RequestScoped
public class AccountPage {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Inject
    SignedInUser signedInUser;

    @Inject
    SignInOptions options;

    public User getUser() {
        return signedInUser.current().orElseThrow();
    }

    public String getScopes() {
        TreeSet<String> scopes = new TreeSet<>(getUser().githubScopes());
        return scopes.isEmpty() ? "none (development user)" : String.join(", ", scopes);
    }

    public String getMemberSince() {
        return WHEN.format(getUser().createdAt());
    }

    public boolean isCanConnectPrivateRepositories() {
        return options.isGitHubAvailable() && !getUser().canReadPrivateRepositories() && getUser().githubId() > 0;
    }

    /** Incremental consent: the same GitHub flow, asking for {@code repo} too, back to this page afterwards. */
    public String getConnectPrivateRepositoriesUrl() {
        return FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath()
                + "/auth/github/start?repo=true&returnTo=%2Faccount%2Findex.xhtml";
    }
}
