package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where webhooks may be sent: an https URL (http only where private networks are allowed, in development) without
 * credentials or fragment, whose host resolves to public addresses only, so a user cannot make the platform post
 * into its own network. Checked when an endpoint is saved and again before every delivery (DNS may have changed).
 */
@ApplicationScoped
public class WebhookDestinations {
    static final int MAX_URL = 2000;

    @Inject
    WebhooksConfiguration configuration;

    /** The URL, checked; 400 VALIDATION_ERROR naming what is wrong. */
    public URI checked(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_URL) {
            throw Refusal.invalid("url: an https URL of at most " + MAX_URL + " characters");
        }
        URI url;
        try {
            url = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw Refusal.invalid("url: not a URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.isOpaque() || url.getHost() == null) {
            throw Refusal.invalid("url: an absolute https URL with a host");
        }
        if (!scheme.equals("https") && !(configuration.allowPrivateNetwork() && scheme.equals("http"))) {
            throw Refusal.invalid("url: only https URLs are accepted");
        }
        if (url.getRawUserInfo() != null || url.getRawFragment() != null) {
            throw Refusal.invalid("url: no credentials and no fragment in the URL");
        }
        if (!configuration.allowPrivateNetwork()) {
            String problem = publicHostProblem(url.getHost());
            if (problem != null) {
                throw Refusal.invalid("url: " + problem);
            }
        }
        return url;
    }

    /** Whether a delivery may go to {@code url} now; the reason why not, or null. */
    String refusedNow(URI url) {
        return configuration.allowPrivateNetwork() ? null : publicHostProblem(url.getHost());
    }

    private static String publicHostProblem(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            if (addresses.length == 0 || List.of(addresses).stream().anyMatch(RepoPolicy::internal)) {
                return "the host " + host + " resolves to an internal address";
            }
            return null;
        } catch (UnknownHostException e) {
            return "the host " + host + " cannot be resolved";
        }
    }
}
