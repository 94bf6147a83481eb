package dev.tabbi.sessions.internal;

/** Where the events of a session one client follows go ({@link SessionFeed#follow}): its stream. */
public interface FeedFollower {
    /** Sends one event; false when the client is gone (the following then ends). */
    boolean deliver(SessionFeed.Entry entry);

    /** Events after the follower's cursor were dropped; the next one delivered is {@code firstKept}. */
    boolean resync(long firstKept);

    /** This node is going away: end the stream so the client reconnects (with its cursor) to another one. */
    void disconnect();
}
