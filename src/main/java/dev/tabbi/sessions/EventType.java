package dev.tabbi.sessions;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every type of event a client sees on a session's feed (its Server-Sent Events and their replay), by the name the
 * public contract gives it, and which streams it ends. The one place a new client-visible event is added; its data
 * is made in {@code sessions/internal/FeedEvent}.
 */
public enum EventType {
    /** The session exists; its sandbox is being made. */
    SESSION_CREATED("session.created", Ends.NONE),
    /** A human-readable step of a creation or resume. */
    SESSION_PROGRESS("session.progress", Ends.NONE),
    /** A paused session is being resumed. */
    SESSION_STARTING("session.starting", Ends.NONE),
    /** The sandbox is up and the agent answers: the session is idle. */
    SESSION_READY("session.ready", Ends.CREATION),
    /** A turn started. */
    SESSION_RUNNING("session.running", Ends.NONE),
    /** The message of the turn's user. */
    MESSAGE_USER("message.user", Ends.NONE),
    /** The agent's text: partial pieces while it writes, then each part in full. */
    MESSAGE_ASSISTANT("message.assistant", Ends.NONE),
    /** A tool call of the agent, once when it starts ("calling") and once when it ends ("result"). */
    MESSAGE_TOOL("message.tool", Ends.NONE),
    /** The turn's whole answer. */
    MESSAGE_COMPLETE("message.complete", Ends.NONE),
    /** The turn ended and the session takes the next message. */
    SESSION_IDLE("session.idle", Ends.TURN),
    /** The session's workspace was saved and its sandbox stopped. */
    SESSION_PAUSED("session.paused", Ends.NONE),
    /** The session failed (its start, resume or sandbox) and takes no more messages. */
    SESSION_ERROR("session.error", Ends.TURN_AND_CREATION),
    /** The session ended. */
    SESSION_TERMINATED("session.terminated", Ends.EVERYTHING),
    /** A pull request was opened from the session's changes (by request, or after the first turn). */
    PULL_REQUEST_OPENED("pull_request.opened", Ends.NONE),
    /** A turn went wrong or was stopped; the session itself goes on. */
    ERROR("error", Ends.NONE),
    /** Sent to one client only: events after its cursor are no longer kept. */
    STREAM_RESYNC("stream.resync", Ends.NONE);

    private static final Map<String, EventType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final Ends ends;

    EventType(String wireName, Ends ends) {
        this.wireName = wireName;
        this.ends = ends;
    }

    /** The name in the contract, as {@code "type"} of a frame's data. */
    public String wireName() {
        return wireName;
    }

    /** Whether a stream that waits for the end of a turn ({@code POST …/messages}) ends with this event. */
    public boolean endsTurn() {
        return ends == Ends.TURN || ends == Ends.TURN_AND_CREATION || ends == Ends.EVERYTHING;
    }

    /** Whether a stream that waits for the end of a creation ({@code POST /sessions}, streamed) ends with it. */
    public boolean endsCreation() {
        return ends == Ends.CREATION || ends == Ends.TURN_AND_CREATION || ends == Ends.EVERYTHING;
    }

    /** Whether the session's whole feed ({@code GET …/events}) ends with it. */
    public boolean endsSession() {
        return ends == Ends.EVERYTHING;
    }

    /** The type of this contract name; empty for a name that is not one of ours. */
    public static Optional<EventType> ofWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    private enum Ends {
        NONE, CREATION, TURN, TURN_AND_CREATION, EVERYTHING
    }
}
