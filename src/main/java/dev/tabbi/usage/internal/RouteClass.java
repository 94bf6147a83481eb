package dev.tabbi.usage.internal;

import java.util.regex.Pattern;

/** The kinds of API request that have limits of their own. */
public enum RouteClass {
    CREATE, MESSAGES, FILES, OTHER;

    private static final Pattern MESSAGES_PATH = Pattern.compile("/?sessions/[^/]+/messages/?");
    private static final Pattern FILES_PATH = Pattern.compile("/?sessions/[^/]+/files(/.*)?");

    /** The class of a request by its method and its path below {@code /v1}. */
    public static RouteClass of(String method, String path) {
        boolean post = "POST".equalsIgnoreCase(method);
        if (post && path.matches("/?sessions/?")) {
            return CREATE;
        }
        if (post && MESSAGES_PATH.matcher(path).matches()) {
            return MESSAGES;
        }
        if (FILES_PATH.matcher(path).matches()) {
            return FILES;
        }
        return OTHER;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
