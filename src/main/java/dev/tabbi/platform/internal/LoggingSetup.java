package dev.tabbi.platform.internal;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/** Puts the request and session ids on the app's log lines from start to undeployment ({@link LogContextHandler}). */
@WebListener
public class LoggingSetup implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
        LogContextHandler.install();
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        LogContextHandler.uninstall();
    }
}
