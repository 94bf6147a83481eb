package dev.tabbi.identity.internal;

/**
 * Why a sign-in did not happen, as a short code for the sign-in page (which words it for people). Never carries
 * anything GitHub sent beyond its error code.
 */
public final class SignInFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The reasons the sign-in page can explain. */
    public enum Reason {
        DENIED, BAD_STATE, EXPIRED, GITHUB_REFUSED, GITHUB_DOWN, NOT_CONFIGURED, DEV_DISABLED;

        /** The sign-in page explaining this reason, under the app's context path. */
        public String page(String contextPath) {
            return contextPath + "/signin.xhtml?error=" + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    SignInFailure(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
