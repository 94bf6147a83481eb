package dev.tabbi.platform.internal;

import dev.tabbi.platform.LogContext;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Adds the {@link LogContext}'s ids to every record of the app's loggers. Installed on the {@code dev.tabbi}
 * logger, it sees each record of the loggers below before the server's handlers (on the root logger) write it, so
 * whichever formatter the server uses (Payara's JSON, WildFly's pattern) prints the ids inside the message.
 */
public final class LogContextHandler extends Handler {
    /** Held here: java.util.logging keeps loggers only weakly, and a collected one would lose its handler. */
    private static final Logger APP = Logger.getLogger("dev.tabbi");
    private static final LogContextHandler INSTANCE = new LogContextHandler();

    private LogContextHandler() {
    }

    /** Installs the handler once per class loader (a redeployment installs its own and removes the old one). */
    public static synchronized void install() {
        for (Handler handler : APP.getHandlers()) {
            if (handler.getClass().getName().equals(LogContextHandler.class.getName())) {
                APP.removeHandler(handler);
            }
        }
        APP.addHandler(INSTANCE);
    }

    public static synchronized void uninstall() {
        APP.removeHandler(INSTANCE);
    }

    @Override
    public void publish(LogRecord record) {
        String fields = LogContext.fieldsFor(record.getMessage());
        if (!fields.isEmpty()) {
            record.setMessage((record.getMessage() == null ? "" : record.getMessage()) + fields);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
