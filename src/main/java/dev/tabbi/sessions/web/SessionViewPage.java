package dev.tabbi.sessions.web;

import dev.tabbi.identity.SignedInUser;
import dev.tabbi.platform.Refusal;
import dev.tabbi.sessions.SessionView;
import dev.tabbi.sessions.internal.SessionAccess;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.util.UUID;

/**
 * One session's page ({@code /sessions/{id}}). The page itself only carries what its script needs to start: the
 * session's id, its API address and the CSRF token; the conversation, files and changes come from the sessions API,
 * called with the browser's sign-in (never an API key, never the agent's own address or password). Someone else's
 * session, or no session, is a 404 page.
 */
@Named("sessionView")
@RequestScoped
public class SessionViewPage {

    @Inject
    SessionAccess sessions;

    @Inject
    SignedInUser user;

    @Inject
    dev.tabbi.sessions.internal.FirstMessages firstMessages;

    private String id;
    private SessionView session;
    private String firstMessage;

    /** Runs before the page renders: the session must be the user's. */
    public void load() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        try {
            session = sessions.get(user.id(), UUID.fromString(id == null ? "" : id));
        } catch (Refusal | IllegalArgumentException e) {
            external.responseSendError(404, "No such session among yours");
            faces.responseComplete();
            return;
        }
        firstMessage = firstMessages.take(user.id(), session.id());
    }

    public SessionView getSession() {
        return session;
    }

    public String getStatus() {
        return session.status().wireName();
    }

    public String getApi() {
        return FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath() + "/v1/sessions/" + session.id();
    }

    public String getCsrfToken() {
        return user.csrfToken();
    }

    public String getFirstMessage() {
        return firstMessage == null ? "" : firstMessage;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }
}
