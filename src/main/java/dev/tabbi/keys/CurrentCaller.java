package dev.tabbi.keys;

import dev.tabbi.platform.Refusal;
import jakarta.enterprise.context.RequestScoped;

/**
 * The authenticated caller of the current API request, set by the bearer authentication filter before any
 * resource runs. Resources of every module inject this to scope what they read and change to the caller.
 */
@RequestScoped
public class CurrentCaller {
    private Caller caller;

    /** The caller; throws 401 if the request was not authenticated (a resource outside the filter's reach). */
    public Caller get() {
        if (caller == null) {
            throw new Refusal(Refusal.Reason.UNAUTHENTICATED, "INVALID_API_KEY", "Missing API key");
        }
        return caller;
    }

    /** Whether the request was authenticated with an API key. */
    public boolean isAuthenticated() {
        return caller != null;
    }

    public void set(Caller authenticated) {
        this.caller = authenticated;
    }
}
