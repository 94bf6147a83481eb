package dev.tabbi.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** One frame of a session's SSE stream as a client sees it: its {@code id:} (-1 if none), type and data. */
public record SseFrame(long id, String type, JsonObject data) {

    /** Every frame with a {@code data:} line in a whole stream body; each must carry an ISO-8601 timestamp. */
    public static List<SseFrame> parse(String body) {
        List<SseFrame> frames = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            frame(List.of(block.split("\n"))).ifPresent(frames::add);
        }
        return frames;
    }

    /** Reads lines up to the end of the next frame with data; empty when the stream ended first. */
    public static java.util.Optional<SseFrame> next(Iterator<String> lines) {
        List<String> block = new ArrayList<>();
        while (lines.hasNext()) {
            String line = lines.next();
            if (!line.isEmpty()) {
                block.add(line);
                continue;
            }
            var frame = frame(block);
            if (frame.isPresent()) {
                return frame;
            }
            block.clear();
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<SseFrame> frame(List<String> lines) {
        long id = -1;
        String data = null;
        for (String line : lines) {
            if (line.startsWith("id:")) {
                id = Long.parseLong(line.substring(3).strip());
            } else if (line.startsWith("data:")) {
                data = line.substring(5).strip();
            }
        }
        if (data == null) {
            return java.util.Optional.empty();
        }
        JsonObject frame = Http.json(data);
        assertThat(Instant.parse(frame.getString("timestamp"))).isNotNull();
        return java.util.Optional.of(new SseFrame(id, frame.getString("type"), frame.getJsonObject("data")));
    }
}
