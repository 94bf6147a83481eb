package dev.tabbi.sessions.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** Where a page of sessions ended, as an opaque token for {@code ?cursor=} (creation time and id of the last one). */
public record SessionCursor(Instant createdAt, UUID id) implements java.io.Serializable {

    public String encode() {
        String plain = createdAt.toString() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a token stands for; empty for anything that is not a token this server made. */
    public static Optional<SessionCursor> decode(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            return Optional.of(new SessionCursor(Instant.parse(plain.substring(0, bar)),
                    UUID.fromString(plain.substring(bar + 1))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
