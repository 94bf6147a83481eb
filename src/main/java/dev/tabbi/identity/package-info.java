/**
 * Identity: who the user is. Owns GitHub sign-in (OAuth with state and PKCE), the users table, encrypted
 * GitHub tokens and the dashboard's browser session.
 *
 * <p>May use: platform.
 */
@Module(name = "identity", allowedDependencies = {"platform"},
        tables = {"users", "dashboard_sessions", "sign_in_flows"},
        paths = {"auth", "account", "signin.xhtml"})
package dev.tabbi.identity;

import dev.tabbi.platform.Module;
