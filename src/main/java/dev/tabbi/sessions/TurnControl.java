package dev.tabbi.sessions;

import java.util.UUID;

/** What other modules may do to a running turn. */
public interface TurnControl {

    /** Stops the session's running turn, if any; its stream ends with an {@code error} event of this code. */
    void stop(UUID sessionId, String code, String message);
}
