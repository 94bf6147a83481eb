package dev.tabbi.platform;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

/** How the dashboard's pages report a change: a message saying it happened, or what was wrong. */
public final class PageActions {

    private PageActions() {
    }

    /**
     * Runs {@code change}; on success shows {@code success}, on a refusal its message ({@code notFound} for a 404, so
     * the page names what was not found among the user's own). Returns whether it succeeded.
     */
    public static boolean attempt(Runnable change, String success, String notFound) {
        FacesContext faces = FacesContext.getCurrentInstance();
        try {
            change.run();
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, success, null));
            return true;
        } catch (ApiException e) {
            fail(e.status() == 404 ? notFound : e.getMessage());
            return false;
        }
    }

    /** Shows {@code message} as an error and marks the request failed (dialogs stay open). */
    public static void fail(String message) {
        FacesContext faces = FacesContext.getCurrentInstance();
        faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, message, null));
        faces.validationFailed();
    }
}
