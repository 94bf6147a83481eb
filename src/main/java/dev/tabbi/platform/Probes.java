package dev.tabbi.platform;

/** The platform's health endpoints, which load balancers and orchestrators call, never a user. */
public final class Probes {
    /** Where the health endpoints are served ({@code /health}, {@code /health/live}, {@code /health/ready}). */
    public static final String PATH = "/health";

    private Probes() {
    }

    /** Whether a path below the app's context is a health endpoint (no one is signed in there). */
    public static boolean isProbe(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }
}
