package dev.tabbi.sessions.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Serves a session's deep link, {@code /sessions/{id}}, with the session page (the address stays as it is). */
public class SessionLinksFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Pattern LINK = Pattern.compile("/sessions/([0-9a-fA-F-]{36})/?");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Matcher link = LINK.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        if (link.matches()) {
            request.getRequestDispatcher("/sessions/view.xhtml?id=" + link.group(1)).forward(request, response);
            return;
        }
        chain.doFilter(request, response);
    }
}
