package dev.tabbi.platform.internal;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the app's metrics ({@link PrometheusMetrics}) and the JVM's (heap, threads, GC, uptime) in
 * Prometheus' text format, the same on every server. Keep it from the public: proxies refuse it (docker/nginx,
 * docker/k8s), and Prometheus scrapes each node directly.
 */
@WebServlet(urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    transient PrometheusMetrics metrics;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder out = new StringBuilder(8192);
        metrics.write(out);
        writeJvm(out);
        byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void writeJvm(StringBuilder out) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        gauge(out, "memory_usedHeap_bytes", "Heap in use", heap.getUsed());
        gauge(out, "memory_committedHeap_bytes", "Heap the JVM holds from the system", heap.getCommitted());
        gauge(out, "memory_maxHeap_bytes", "Largest the heap may grow", heap.getMax());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        gauge(out, "thread_count", "Live threads", threads.getThreadCount());
        gauge(out, "jvm_uptime_seconds", "Time since the JVM started", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        gauge(out, "cpu_availableProcessors", "Processors the JVM may use", Runtime.getRuntime().availableProcessors());
        long collections = 0;
        long collectionMillis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, collector.getCollectionCount());
            collectionMillis += Math.max(0, collector.getCollectionTime());
        }
        PrometheusMetrics.header(out, "gc_total", "Garbage collections since start", "counter");
        PrometheusMetrics.sample(out, "gc_total", "", collections);
        PrometheusMetrics.header(out, "gc_time_seconds_total", "Time spent in garbage collection since start", "counter");
        PrometheusMetrics.sample(out, "gc_time_seconds_total", "", collectionMillis / 1000.0);
    }

    private static void gauge(StringBuilder out, String name, String help, double value) {
        PrometheusMetrics.header(out, name, help, "gauge");
        PrometheusMetrics.sample(out, name, "", value);
    }
}
