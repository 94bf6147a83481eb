package dev.tabbi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What processes hold in memory, from Linux's {@code /proc}. */
final class Memory {

    private Memory() {
    }

    /** The resident set of one process (MB). */
    static double rssMb(long pid) {
        return field(Path.of("/proc/" + pid + "/status"), "VmRSS:") / 1024.0;
    }

    /**
     * PSS and RSS (MB) of every descendant of {@code pid}, summed: PSS counts a page shared by n processes as 1/n in
     * each, so the sum is what they hold together.
     */
    static double[] ofDescendants(long pid) {
        double[] total = new double[2];
        ProcessHandle.of(pid).orElseThrow().descendants().forEach(child -> {
            total[0] += field(Path.of("/proc/" + child.pid() + "/smaps_rollup"), "Pss:") / 1024.0;
            total[1] += field(Path.of("/proc/" + child.pid() + "/status"), "VmRSS:") / 1024.0;
        });
        return total;
    }

    /**
     * The {@code top} largest parts of a JVM's memory as Markdown lines (committed MB each, from {@code jcmd
     * VM.native_memory summary}; the JVM must run with {@code -XX:NativeMemoryTracking=summary}).
     */
    static List<String> nativeSummary(long pid, int top) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "VM.native_memory", "summary", "scale=KB")
                .redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        jcmd.waitFor(60, TimeUnit.SECONDS);
        java.util.regex.Matcher part = java.util.regex.Pattern
                .compile("-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(out);
        java.util.Map<String, Long> parts = new java.util.LinkedHashMap<>();
        while (part.find()) {
            parts.put(part.group(1).strip(), Long.parseLong(part.group(2)));
        }
        return parts.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .map(e -> String.format("- %s: %.0f MB", e.getKey(), e.getValue() / 1024.0)).toList();
    }

    /** The machine's memory (MB). */
    static double machineMb() {
        return field(Path.of("/proc/meminfo"), "MemTotal:") / 1024.0;
    }

    /** Stops a process and what it started, and waits for it. */
    static void stop(Process process) throws InterruptedException {
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }

    /** A "Name:   123 kB" field of a /proc file (kB), 0 when the process is gone. */
    private static long field(Path file, String name) {
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith(name)).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
