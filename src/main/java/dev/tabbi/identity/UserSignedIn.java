package dev.tabbi.identity;

import java.util.UUID;

/** Fired after a user signed in to the dashboard (first time or again). */
public record UserSignedIn(UUID userId, boolean firstTime) {
}
