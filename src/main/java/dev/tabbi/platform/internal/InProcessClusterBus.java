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

    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final Executor executor;

    public InProcessClusterBus(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void publish(String channel, String message) {
        for (Consumer<String> listener : listeners.getOrDefault(channel, List.of())) {
            executor.execute(() -> deliver(channel, listener, message));
        }
    }

    @Override
    public Subscription subscribe(String channel, Consumer<String> listener) {
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.getOrDefault(channel, List.of()).remove(listener);
    }

    static void deliver(String channel, Consumer<String> listener, String message) {
        try {
            listener.accept(message);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "bus.listener_failed channel=" + channel, e);
        }
    }
}
