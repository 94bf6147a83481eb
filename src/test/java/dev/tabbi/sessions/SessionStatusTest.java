package dev.tabbi.sessions;

import static dev.tabbi.sessions.SessionStatus.ERROR;
import static dev.tabbi.sessions.SessionStatus.IDLE;
import static dev.tabbi.sessions.SessionStatus.PAUSED;
import static dev.tabbi.sessions.SessionStatus.RUNNING;
import static dev.tabbi.sessions.SessionStatus.STARTING;
import static dev.tabbi.sessions.SessionStatus.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SessionStatusTest {

    /** The whole table of allowed moves, written out once more so a change to the machine is a visible decision. */
    private static Set<SessionStatus> allowedFrom(SessionStatus from) {
        return switch (from) {
            case STARTING -> EnumSet.of(IDLE, ERROR, TERMINATED);
            case IDLE -> EnumSet.of(RUNNING, PAUSED, ERROR, TERMINATED);
            case RUNNING -> EnumSet.of(IDLE, ERROR, TERMINATED);
            case PAUSED -> EnumSet.of(STARTING, ERROR, TERMINATED);
            case ERROR -> EnumSet.of(TERMINATED);
            case TERMINATED -> EnumSet.noneOf(SessionStatus.class);
        };
    }

    @ParameterizedTest
    @EnumSource(SessionStatus.class)
    void exactlyTheDocumentedMovesAreAllowed(SessionStatus from) {
        for (SessionStatus to : SessionStatus.values()) {
            assertThat(from.canMoveTo(to)).as(from + " → " + to).isEqualTo(allowedFrom(from).contains(to));
        }
    }

    @Test
    void theLifecycleOfTheContractIsAPath() {
        SessionStatus status = STARTING.moveTo(IDLE).moveTo(RUNNING).moveTo(IDLE).moveTo(PAUSED).moveTo(STARTING)
                .moveTo(IDLE).moveTo(TERMINATED);
        assertThat(status).isEqualTo(TERMINATED);
    }

    @Test
    void anIllegalMoveIsRefusedWithItsNames() {
        assertThatThrownBy(() -> RUNNING.moveTo(PAUSED)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("running").hasMessageContaining("paused");
        assertThatThrownBy(() -> TERMINATED.moveTo(STARTING)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @EnumSource(SessionStatus.class)
    void wireNamesRoundTrip(SessionStatus status) {
        assertThat(SessionStatus.fromWireName(status.wireName())).isEqualTo(status);
        assertThat(status.wireName()).isLowerCase();
    }
}
