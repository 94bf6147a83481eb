package dev.tabbi.identity.internal;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.annotation.WebListener;

/**
 * The browser-session cookie: HttpOnly, SameSite=Lax, Secure unless switched off for local http, and the idle
 * timeout from configuration. Set while the app starts, the only time the servlet container allows it.
 */
@WebListener
public class SessionCookies implements ServletContextListener {

    @Inject
    IdentityConfiguration configuration;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        SessionCookieConfig cookie = event.getServletContext().getSessionCookieConfig();
        cookie.setName("tabbi_session");
        cookie.setHttpOnly(true);
        cookie.setSecure(configuration.secureCookies());
        cookie.setAttribute("SameSite", "Lax");
        cookie.setPath("/");
        event.getServletContext().setSessionTimeout(configuration.sessionIdleMinutes());
    }
}
