package dev.tabbi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a server's CPU time goes while a benchmark runs: a Java Flight Recording of the server's JVM (started and
 * dumped with {@code jcmd}), summed by method. What a figure that misses its target comes with.
 */
final class FlightRecording {
    private final long pid;
    private final Path file;

    private FlightRecording(long pid, Path file) {
        this.pid = pid;
        this.file = file;
    }

    /** The JVM flag that records a JVM from its start, for {@link #ofStart} to stop and read. */
    static String fromStartFlag() {
        return "-XX:StartFlightRecording=name=bench,settings=profile";
    }

    /** The recording a JVM started with {@link #fromStartFlag()} makes, to be written to {@code file}. */
    static FlightRecording ofStart(long pid, Path file) throws IOException {
        Files.deleteIfExists(file);
        return new FlightRecording(pid, file.toAbsolutePath());
    }

    /** Starts recording the JVM {@code pid} (method samples every 10 ms). */
    static FlightRecording start(long pid, Path file) throws IOException, InterruptedException {
        Files.deleteIfExists(file);
        jcmd(pid, "JFR.start", "name=bench", "settings=profile");
        return new FlightRecording(pid, file.toAbsolutePath());
    }

    /**
     * Stops it and returns, as Markdown lines, the methods most often on top of the stack, and the first frames of
     * Tabbi's own code found below the top (what in the app leads there), each with its share of the samples.
     */
    List<String> stop(int top) throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=bench", "filename=" + file);
        Map<String, Integer> onTop = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            onTop.merge(name(frames.get(0)), 1, Integer::sum);
            frames.stream().map(FlightRecording::name).filter(name -> name.startsWith("dev.tabbi.")).findFirst()
                    .ifPresent(name -> ours.merge(name, 1, Integer::sum));
        }
        int total = Math.max(1, samples);
        List<String> lines = new java.util.ArrayList<>();
        lines.add(String.format("%,d samples. On top of the stack:", samples));
        onTop.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> lines.add(String.format("- %.1f %% `%s`", 100.0 * e.getValue() / total, e.getKey())));
        lines.add("The app's own frame nearest the top:");
        ours.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> lines.add(String.format("- %.1f %% `%s`", 100.0 * e.getValue() / total, e.getKey())));
        return lines;
    }

    /**
     * Stops it and returns, as Markdown lines, the share of samples of each part of the server: a sample counts for
     * the part (by class prefix, the first of {@code parts} that matches) of the first frame from the top that is
     * not the JDK's own, since the JDK's work (class loading, reading jars) is done for its caller.
     */
    List<String> stopByPart(java.util.LinkedHashMap<String, String> parts) throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=bench", "filename=" + file);
        Map<String, Integer> counts = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            String part = "the JDK alone";
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                String type = frame.getMethod().getType().getName();
                if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
                    continue; // class loading, zip, reflection: counted for whoever called them
                }
                part = parts.entrySet().stream().filter(e -> type.startsWith(e.getKey())).map(Map.Entry::getValue)
                        .findFirst().orElse("other");
                break;
            }
            counts.merge(part, 1, Integer::sum);
        }
        int total = Math.max(1, samples);
        List<String> lines = new java.util.ArrayList<>();
        lines.add(String.format("%,d samples, by the part of the server that was working (nearest the top of the stack, the JDK's own frames aside):", samples));
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> lines.add(String.format("- %.1f %% %s", 100.0 * e.getValue() / total, e.getKey())));
        return lines;
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new java.util.ArrayList<>(List.of("jcmd", Long.toString(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed");
        }
    }
}
