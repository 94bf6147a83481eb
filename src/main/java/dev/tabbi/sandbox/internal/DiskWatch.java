package dev.tabbi.sandbox.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Keeps local sandboxes within their disk quota while they run, not only between turns: every interval it adds up
 * what each sandbox wrote (workspace, home, agent data; links are not followed, and counting stops at the quota)
 * and hands a sandbox past its quota to {@code overQuota} at every check it is still over (the first time with
 * {@code first} set), which stops what it is running. The kernel bounds each file ({@code SANDBOX_LOCAL_MAX_FILE_MB});
 * this bounds their sum, to the quota plus what one interval can write.
 */
final class DiskWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DiskWatch.class.getName());
    private static final String[] WRITABLE = {"workspace", "home", "xdg"};

    /** What to do with a sandbox over its quota. */
    interface OverQuota {
        void handle(String sandboxId, long usedBytes, boolean first);
    }

    private final long quotaBytes;
    private final Set<String> over = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tabbi-sandbox-disk-watch");
        thread.setDaemon(true);
        return thread;
    });

    /** Watches the directories {@code sandboxes} names (by sandbox id) every {@code interval}. */
    DiskWatch(long quotaBytes, Duration interval, Supplier<Map<String, Path>> sandboxes, OverQuota overQuota) {
        this.quotaBytes = quotaBytes;
        timer.scheduleWithFixedDelay(() -> sandboxes.get().forEach((id, dir) -> {
            try {
                long used = used(dir);
                if (used <= quotaBytes) {
                    over.remove(id);
                } else {
                    boolean first = over.add(id);
                    if (first) {
                        LOG.warning("sandbox.disk_quota_exceeded id=" + id + " bytes=" + used + " quota=" + quotaBytes);
                    }
                    overQuota.handle(id, used, first);
                }
            } catch (RuntimeException e) {
                LOG.warning("sandbox.disk_watch_failed id=" + id + " error=\"" + e.getClass().getSimpleName() + "\"");
            }
        }), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What the sandbox in {@code dir} has written, counted up to just past the quota. */
    long quotaBytes() {
        return quotaBytes;
    }

    long used(Path dir) {
        long[] total = {0};
        for (String sub : WRITABLE) {
            Path path = dir.resolve(sub);
            if (!Files.isDirectory(path) || total[0] > quotaBytes) {
                continue;
            }
            try {
                Files.walkFileTree(path, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        total[0] += attributes.isRegularFile() ? attributes.size() : 0;
                        return total[0] > quotaBytes ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE; // vanished while counting: the agent is busy
                    }
                });
            } catch (IOException e) {
                // the sandbox is going away
            }
        }
        return total[0];
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
