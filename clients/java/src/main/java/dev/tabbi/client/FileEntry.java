package dev.tabbi.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonNumber;

/** One entry of a workspace directory; {@code size} is null for directories. */
public record FileEntry(String name, String path, boolean directory, Long size) {
    static FileEntry of(JsonObject json) {
        return new FileEntry(json.getString("name"), json.getString("path"), json.getBoolean("isDirectory", false),
                json.get("size") instanceof JsonNumber number ? number.longValue() : null);
    }
}
