package dev.tabbi.sessions.web;

import dev.tabbi.identity.GitHubRepositories;
import dev.tabbi.identity.SignedInUser;
import dev.tabbi.identity.User;
import dev.tabbi.platform.Refusal;
import dev.tabbi.platform.PageActions;
import dev.tabbi.sandbox.AgentModels;
import dev.tabbi.sessions.SessionView;
import dev.tabbi.sessions.internal.NewSession;
import dev.tabbi.sessions.internal.SessionCreation;
import dev.tabbi.sessions.internal.SessionRequests;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import org.omnifaces.cdi.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The New session page: one of the user's GitHub repositories (searched as they type, private ones once they
 * granted access) or none, a branch, a system prompt, a model and the first message. The session is created as
 * the API creates it, without a key; its page then shows the start live and sends the first message when ready.
 */
@Named
@ViewScoped(saveInViewState = true) // in the page itself: any node may take the next request
public class NewSessionPage implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int MAX_MESSAGE = 100_000;
    private static final int SUGGESTIONS = 20;

    @Inject
    GitHubRepositories repositories;

    @Inject
    SessionRequests requests;

    @Inject
    SessionCreation sessions;

    @Inject
    AgentModels models;

    @Inject
    SignedInUser user;

    @Inject
    dev.tabbi.sessions.internal.FirstMessages firstMessages;

    private String repo;
    private String branch;
    private String systemPrompt;
    private String model;
    private String message;

    /** Suggestions for the repository field; GitHub being unreachable shows as no suggestions. */
    public List<String> completeRepo(String query) {
        try {
            return repositories.search(user.id(), query, SUGGESTIONS).stream()
                    .map(r -> r.fullName() + (r.isPrivate() ? " (private)" : "")).toList();
        } catch (Refusal e) {
            return List.of();
        }
    }

    public boolean isPrivateGranted() {
        return user.current().map(User::canReadPrivateRepositories).orElse(false);
    }

    public List<String> getModels() {
        return models.choices();
    }

    public String create() {
        FacesContext faces = FacesContext.getCurrentInstance();
        String first = message == null ? "" : message.strip();
        if (first.isEmpty() || first.length() > MAX_MESSAGE) {
            PageActions.fail("Message: type what the agent should do (at most " + MAX_MESSAGE + " characters)");
            return null;
        }
        try {
            String picked = repo == null || repo.isBlank() ? null : repo.replace(" (private)", "").strip();
            SessionView session = sessions.create(user.id(), null, requests.validated(new NewSession(picked, null,
                    blankToNull(systemPrompt), null, null, null, branch, model, null, null, null)));
            ExternalContext external = faces.getExternalContext();
            firstMessages.put(session.id(), first);
            external.redirect(external.getRequestContextPath() + "/sessions/" + session.id());
        } catch (Refusal e) {
            PageActions.fail(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    public String getRepo() {
        return repo;
    }

    public void setRepo(String repo) {
        this.repo = repo;
    }

    public String getBranch() {
        return branch;
    }

    public void setBranch(String branch) {
        this.branch = branch;
    }

    public String getSystemPrompt() {
        return systemPrompt;
    }

    public void setSystemPrompt(String systemPrompt) {
        this.systemPrompt = systemPrompt;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
