package dev.tabbi.sandbox.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * MicroProfile Rest Clients built once per target and kept. Building one (Jersey's client, its providers, the proxy)
 * cost more than the call it made, and was done for every call to an agent or a sandbox platform: in bench/relay.sh's
 * recording of a server during turns, a third of its CPU went to building clients. A client is kept under everything
 * it was built with (URL, credentials, timeouts); past {@value #MAX} the least recently used is closed.
 */
final class RestClientCache {
    private static final Logger LOG = Logger.getLogger(RestClientCache.class.getName());
    private static final int MAX = 512;

    private final Map<Object, Object> clients = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
            if (size() <= MAX) {
                return false;
            }
            close(eldest.getValue());
            return true;
        }
    };

    /** The client kept under {@code key}, built by {@code build} the first time (outside the lock: builds are slow). */
    <T> T get(Object key, Class<T> type, Supplier<T> build) {
        synchronized (this) {
            Object kept = clients.get(key);
            if (kept != null) {
                return type.cast(kept);
            }
        }
        T built = build.get();
        synchronized (this) {
            Object raced = clients.putIfAbsent(key, built);
            if (raced == null) {
                return built;
            }
        }
        close(built); // another call built the same one meanwhile
        return get(key, type, build);
    }

    private static void close(Object client) {
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.fine("rest_client.close_failed error=\"" + e.getClass().getSimpleName() + "\"");
            }
        }
    }
}
