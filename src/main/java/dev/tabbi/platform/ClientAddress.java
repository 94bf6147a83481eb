package dev.tabbi.platform;

import dev.tabbi.platform.internal.AddressRanges;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address of the client behind a request, for limits and logs. A request from a trusted proxy
 * ({@code HTTP_TRUSTED_PROXIES}: addresses and CIDR ranges) names the client in {@code X-Forwarded-For} (or, without
 * it, {@code Forwarded: for=}); the client is the last address there that is not itself a trusted proxy, since
 * whatever comes before it was written by the client and proves nothing. From anyone else, and when the header is
 * missing or garbled, it is the connection's address.
 */
@ApplicationScoped
public class ClientAddress {
    private static final Logger LOG = Logger.getLogger(ClientAddress.class.getName());
    private static final String ATTRIBUTE = ClientAddress.class.getName();
    /** More hops than any real chain of proxies; beyond them the header is not read. */
    private static final int MAX_HOPS = 20;

    @Inject
    @ConfigProperty(name = "http.trusted-proxies")
    Optional<String> trustedProxies;

    private AddressRanges trusted;

    @PostConstruct
    void parse() {
        try {
            trusted = AddressRanges.parse(trustedProxies.orElse(""));
        } catch (IllegalArgumentException e) {
            LOG.severe("platform.trusted_proxies_invalid error=\"" + e.getMessage() + "\" (no proxy is trusted)");
            trusted = AddressRanges.parse("");
        }
    }

    /** The client's address (worked out once per request). */
    public String of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof String known) {
            return known;
        }
        String address = resolve(request);
        request.setAttribute(ATTRIBUTE, address);
        return address;
    }

    private String resolve(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (trusted.isEmpty() || !trusted.contains(peer)) {
            return peer;
        }
        List<String> hops = hops(request);
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (AddressRanges.literal(hop) == null) {
                return peer; // not an address: the chain cannot be trusted past here
            }
            if (!trusted.contains(hop)) {
                return hop;
            }
        }
        return hops.isEmpty() ? peer : hops.get(0);
    }

    /** The forwarded-for chain, nearest to the client first, ports and brackets removed. */
    private static List<String> hops(HttpServletRequest request) {
        List<String> hops = new ArrayList<>();
        String forwardedFor = request.getHeader("X-Forwarded-For");
        if (forwardedFor != null) {
            for (String hop : forwardedFor.split(",", MAX_HOPS + 1)) {
                hops.add(host(hop.strip()));
            }
        } else if (request.getHeader("Forwarded") != null) {
            for (String element : request.getHeader("Forwarded").split(",", MAX_HOPS + 1)) {
                for (String pair : element.split(";")) {
                    String[] nameValue = pair.strip().split("=", 2);
                    if (nameValue.length == 2 && nameValue[0].equalsIgnoreCase("for")) {
                        hops.add(host(nameValue[1].strip().replace("\"", "")));
                    }
                }
            }
        }
        return hops.size() > MAX_HOPS ? List.of() : hops;
    }

    /** {@code 1.2.3.4:80} → {@code 1.2.3.4}; {@code [2001:db8::1]:80} → {@code 2001:db8::1}. */
    private static String host(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }
}
