package dev.tabbi.sessions;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The states of a session and the only moves between them:
 * {@code starting → idle ⇄ running}, {@code idle → paused → starting} (resume), any live state → {@code error},
 * and anything → {@code terminated}. Every change of a session's status goes through {@link #canMoveTo}, so an
 * illegal transition cannot happen, whoever asks.
 */
public enum SessionStatus {
    STARTING, IDLE, RUNNING, PAUSED, ERROR, TERMINATED;

    private Set<SessionStatus> next() {
        return switch (this) {
            case STARTING -> EnumSet.of(IDLE, ERROR, TERMINATED);
            case IDLE -> EnumSet.of(RUNNING, PAUSED, ERROR, TERMINATED);
            case RUNNING -> EnumSet.of(IDLE, ERROR, TERMINATED);
            case PAUSED -> EnumSet.of(STARTING, ERROR, TERMINATED);
            case ERROR -> EnumSet.of(TERMINATED);
            case TERMINATED -> EnumSet.noneOf(SessionStatus.class);
        };
    }

    public boolean canMoveTo(SessionStatus target) {
        return next().contains(target);
    }

    /** The target state, or an {@link IllegalStateException} naming the refused move. */
    public SessionStatus moveTo(SessionStatus target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("a session cannot go from " + wireName() + " to " + target.wireName());
        }
        return target;
    }

    /** The name in the API ({@code starting}, {@code idle}…). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SessionStatus fromWireName(String name) {
        for (SessionStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown session status: " + name);
    }
}
