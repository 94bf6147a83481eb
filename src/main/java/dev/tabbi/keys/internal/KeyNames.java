package dev.tabbi.keys.internal;

import dev.tabbi.platform.Refusal;

/** A key's name: what its owner calls it, trimmed, 1–100 printable characters. */
final class KeyNames {
    static final int MAX_LENGTH = 100;

    private KeyNames() {
    }

    static String validate(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            throw Refusal.invalid("name: give the key a name");
        }
        if (trimmed.length() > MAX_LENGTH) {
            throw Refusal.invalid("name: at most " + MAX_LENGTH + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw Refusal.invalid("name: no control characters");
        }
        return trimmed;
    }
}
