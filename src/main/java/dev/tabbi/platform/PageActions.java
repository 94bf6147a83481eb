package dev.tabbi.platform;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

/** How the dashboard's pages report a change: a message saying it happened, or what was wrong. */
public final class PageActions {

    private PageActions() {
    }

    /**
     * Runs {@code change}; on success shows {@code success}, on a refusal its message ({@code notFound} when the thing
     * is not the user's or not there, so the page names what it was). Returns whether it succeeded.
     */
    public static boolean attempt(Runnable change, String success, String notFound) {
        FacesContext faces = FacesContext.getCurrentInstance();
        try {
            change.run();
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, success, null));
            return true;
        } catch (Refusal e) {
            fail(e.reason() == Refusal.Reason.NOT_FOUND ? notFound : e.getMessage());
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
