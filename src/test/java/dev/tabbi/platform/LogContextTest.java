package dev.tabbi.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.platform.internal.LogContextHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ids of the log context reach what the server's handlers (on the root logger) write, once each. */
class LogContextTest {
    private static final Logger ROOT = Logger.getLogger("");
    private final List<String> written = new CopyOnWriteArrayList<>();
    private final Handler server = new Handler() {
        @Override
        public void publish(LogRecord record) {
            written.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void install() {
        LogContextHandler.install();
        ROOT.addHandler(server);
    }

    @AfterEach
    void uninstall() {
        ROOT.removeHandler(server);
        LogContextHandler.uninstall();
    }

    @Test
    void linesOfTheAppCarryTheRequestAndSessionOnlyInsideTheContext() {
        Logger app = Logger.getLogger("dev.tabbi.sessions.internal.Example");
        app.info("outside");
        try (LogContext request = LogContext.open("req-1", null)) {
            app.info("keys.created key_id=7");
            try (LogContext session = LogContext.open("req-1", "0b4c1e2a-0000-4000-8000-000000000001")) {
                app.info("sessions.turn_done");
                app.info("sessions.sandbox_ready session_id=0b4c1e2a-0000-4000-8000-000000000001");
            }
            app.info("after the session");
            LogContext.attachSession("0b4c1e2a-0000-4000-8000-000000000003");
            app.info("sessions.deleted");
            Logger.getLogger("org.example.Other").info("not ours");
        }
        app.info("outside again");

        assertThat(written).containsExactly(
                "outside",
                "keys.created key_id=7 request_id=req-1",
                "sessions.turn_done request_id=req-1 session_id=0b4c1e2a-0000-4000-8000-000000000001",
                "sessions.sandbox_ready session_id=0b4c1e2a-0000-4000-8000-000000000001 request_id=req-1",
                "after the session request_id=req-1",
                "sessions.deleted request_id=req-1 session_id=0b4c1e2a-0000-4000-8000-000000000003",
                "not ours",
                "outside again");
    }

    @Test
    void workHandedToAnotherThreadCarriesTheRequestAndItsSession() throws Exception {
        Runnable work;
        try (LogContext request = LogContext.open("req-2", null)) {
            work = LogContext.carrying("0b4c1e2a-0000-4000-8000-000000000002",
                    () -> Logger.getLogger("dev.tabbi.sessions.internal.Example").info("sessions.started"));
        }
        Thread worker = new Thread(work);
        worker.start();
        worker.join();

        assertThat(written).containsExactly("sessions.started request_id=req-2 session_id=0b4c1e2a-0000-4000-8000-000000000002");
    }
}
