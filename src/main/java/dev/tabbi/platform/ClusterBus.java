package dev.tabbi.platform;

import java.util.function.Consumer;

/**
 * Fire-and-forget messages to every node of the app (Redis pub/sub when configured, in-process on a single
 * node). Delivery is at most once and asynchronous: use it to tell other nodes that something changed
 * (a key was revoked, a session has new events), never to carry data that must not be lost.
 */
public interface ClusterBus {

    void publish(String channel, String message);

    /** Calls the listener on a background thread for each message published on the channel by any node. */
    Subscription subscribe(String channel, Consumer<String> listener);

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
