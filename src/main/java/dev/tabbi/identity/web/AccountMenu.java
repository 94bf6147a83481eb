package dev.tabbi.identity.web;

import dev.tabbi.identity.SignedInUser;
import dev.tabbi.identity.User;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/** The account menu in the header: who is signed in, and sign-out (a POST, so no link can sign anyone out). */
@Named("account")
@RequestScoped
public class AccountMenu {

    @Inject
    SignedInUser signedInUser;

    public User getUser() {
        return signedInUser.current().orElse(null);
    }

    public boolean isSignedIn() {
        return signedInUser.isSignedIn();
    }

    public void signOut() throws IOException, ServletException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        signedInUser.signOut((jakarta.servlet.http.HttpServletResponse) external.getResponse());
        request.logout();
        external.redirect(external.getRequestContextPath() + "/");
    }
}
