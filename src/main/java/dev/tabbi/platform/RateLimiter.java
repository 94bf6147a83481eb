package dev.tabbi.platform;

import java.time.Duration;
import java.util.List;

/**
 * Rate limits as a generic cell rate algorithm (GCRA): each limit allows {@code quota} requests per {@code window},
 * as a burst or spread out, and refills continuously. One call takes a request from several limits at once (all
 * or none), so a request refused by the hourly limit does not use up the minute's.
 */
public interface RateLimiter {

    /** Takes one request from every limit of {@code subject}; the answer says what is left of each. */
    Decision acquire(String subject, List<Limit> limits);

    /** {@code quota} requests per {@code window}; {@code name} is the limit's part of the subject's key. */
    record Limit(String name, int quota, Duration window) {

        /** The time between two requests at the steady rate. */
        public long intervalMillis() {
            return Math.max(1, window.toMillis() / quota);
        }
    }

    /**
     * Whether the request may go on; for each limit (in the order given) what is left of it and when it is whole
     * again, and, when refused, how long to wait.
     */
    record Decision(boolean allowed, List<State> states, Duration retryAfter) {
    }

    /** What is left of one limit, and in how long it is full again. */
    record State(Limit limit, long remaining, Duration resetIn) {
    }
}
