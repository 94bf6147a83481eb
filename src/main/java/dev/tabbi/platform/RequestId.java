package dev.tabbi.platform;

import jakarta.servlet.ServletRequest;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id that ties one HTTP request to its log lines and error responses. Echoed from a sane incoming
 * {@code X-Request-ID} (so ids can be traced across a proxy), otherwise generated.
 */
public final class RequestId {
    public static final String HEADER = "X-Request-ID";
    /** Request attribute under which the current request's id is kept. */
    public static final String ATTRIBUTE = RequestId.class.getName();

    // Printable, short and free of separators that could forge log fields or headers.
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestId() {
    }

    /** The incoming id when it is sane, else a new random one. */
    public static String acceptOrGenerate(String incoming) {
        if (incoming != null && SANE.matcher(incoming).matches()) {
            return incoming;
        }
        return UUID.randomUUID().toString();
    }

    /** The id assigned to this request by the platform's filter, or {@code null} outside a request. */
    public static String of(ServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id == null ? null : id.toString();
    }
}
