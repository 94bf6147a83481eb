package dev.tabbi.platform.internal;

import dev.tabbi.platform.ClusterBus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@link ClusterBus} for a single node: listeners are called on an executor, like Redis would call them. */
public final class InProcessClusterBus implements ClusterBus {
    private static final Logger LOG = Logger.getLogger(InProcessClusterBus.class.getName());

    private final Map<String, List<Listening>> listeners = new ConcurrentHashMap<>();
    private final Executor executor;

    public InProcessClusterBus(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void publish(String channel, String message) {
        for (Listening listening : listeners.getOrDefault(channel, List.of())) {
            executor.execute(() -> {
                if (listening.open) { // a delivery queued before close() is dropped, as the Redis bus does
                    deliver(channel, listening.listener, message);
                }
            });
        }
    }

    @Override
    public Subscription subscribe(String channel, Consumer<String> listener) {
        Listening listening = new Listening(listener);
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listening);
        return () -> {
            listening.open = false;
            listeners.getOrDefault(channel, List.of()).remove(listening);
        };
    }

    private static final class Listening {
        final Consumer<String> listener;
        volatile boolean open = true;

        Listening(Consumer<String> listener) {
            this.listener = listener;
        }
    }

    static void deliver(String channel, Consumer<String> listener, String message) {
        try {
            listener.accept(message);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "bus.listener_failed channel=" + channel, e);
        }
    }
}
