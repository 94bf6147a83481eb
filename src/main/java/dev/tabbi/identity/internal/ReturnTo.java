package dev.tabbi.identity.internal;

/** Where to send the browser after sign-in: only a path of this app, never another site (no open redirect). */
final class ReturnTo {
    static final String DEFAULT = "/keys/index.xhtml";

    private ReturnTo() {
    }

    static String sanitize(String candidate) {
        if (candidate == null || candidate.isBlank() || candidate.length() > 500
                || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.contains("\\")
                || candidate.chars().anyMatch(c -> c < 0x21 || c == 0x7f) || candidate.startsWith("/auth/")) {
            return DEFAULT;
        }
        return candidate;
    }
}
