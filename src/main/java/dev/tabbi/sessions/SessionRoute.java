package dev.tabbi.sessions;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The session routes other modules act on, as JAX-RS name bindings: a filter annotated with one of them runs for the
 * resource methods that carry it (a budget check before a turn, say), and a filter for every route can ask which
 * one it is. So no module outside sessions needs to know the sessions API's URLs.
 */
public final class SessionRoute {
    private SessionRoute() {
    }

    /** Creates a session (and so a sandbox). */
    @NameBinding
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    public @interface CreatesSession {
    }

    /** Starts a turn of the agent (which spends tokens); its path parameter {@code id} is the session. */
    @NameBinding
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    public @interface StartsTurn {
    }

    /** Reads files of a session's workspace. */
    @NameBinding
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    public @interface ReadsWorkspace {
    }
}
