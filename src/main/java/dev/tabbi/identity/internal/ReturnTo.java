package dev.tabbi.identity.internal;

/**
 * Where to send the browser after sign-in: only a path of this app, never another site (no open redirect). Without
 * one, the dashboard's home page ({@code dashboard.home}: a page of another module, so named in configuration).
 */
final class ReturnTo {

    private ReturnTo() {
    }

    /** {@code candidate} if it is a path of this app, else {@code home}. */
    static String sanitize(String candidate, String home) {
        if (candidate == null || candidate.isBlank() || candidate.length() > 500
                || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.contains("\\")
                || candidate.chars().anyMatch(c -> c < 0x21 || c == 0x7f) || candidate.startsWith("/auth/")) {
            return home;
        }
        return candidate;
    }
}
