package dev.tabbi.identity.internal;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.annotation.WebListener;

/**
 * The servlet container's own session cookie, should a library still ask for a container session: nothing of
 * Tabbi's is kept there (the dashboard's sessions are {@link DashboardSessions}, shared by every node), so it
 * gets a name of its own, HttpOnly, SameSite=Lax, Secure unless switched off for local http, and the idle timeout
 * from configuration. Set while the app starts, the only time the servlet container allows it.
 */
@WebListener
public class SessionCookies implements ServletContextListener {

    @Inject
    IdentityConfiguration configuration;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        SessionCookieConfig cookie = event.getServletContext().getSessionCookieConfig();
        cookie.setName("tabbi_node_session");
        cookie.setHttpOnly(true);
        cookie.setSecure(configuration.secureCookies());
        cookie.setAttribute("SameSite", "Lax");
        cookie.setPath("/");
        event.getServletContext().setSessionTimeout(configuration.sessionIdleMinutes());
    }
}
