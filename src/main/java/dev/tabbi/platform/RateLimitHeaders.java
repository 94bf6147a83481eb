package dev.tabbi.platform;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The headers that tell a client where it stands: {@code X-RateLimit-Limit/Remaining/Reset} as older clients read
 * them (the first limit's quota; the remaining and reset of the tightest), and {@code RateLimit-Policy} /
 * {@code RateLimit} as the IETF httpapi draft has them (every limit's policy; the tightest one's state).
 */
public final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    public static Map<String, String> of(RateLimiter.Decision decision) {
        RateLimiter.State tightest = decision.states().stream()
                .min(Comparator.comparingLong(RateLimiter.State::remaining)).orElseThrow();
        long reset = seconds(tightest.resetIn().toMillis());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Limit", Integer.toString(decision.states().get(0).limit().quota()));
        headers.put("X-RateLimit-Remaining", Long.toString(tightest.remaining()));
        headers.put("X-RateLimit-Reset", Long.toString(reset));
        headers.put("RateLimit-Policy", decision.states().stream()
                .map(s -> "\"" + s.limit().name() + "\";q=" + s.limit().quota() + ";w=" + s.limit().window().toSeconds())
                .collect(Collectors.joining(", ")));
        headers.put("RateLimit", "\"" + tightest.limit().name() + "\";r=" + tightest.remaining() + ";t=" + reset);
        return headers;
    }

    private static long seconds(long millis) {
        return (millis + 999) / 1000;
    }
}
