package dev.tabbi.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Hooks the shared test environment into the JUnit run. In the integration-test run (where Maven passes the WAR's
 * path) the database exists before any test class starts, so the Arquillian-managed server can be pointed at it;
 * everything is torn down when the run ends.
 */
public class TestRunLifecycle implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getProperty("tabbi.war") == null) {
            return; // unit-test run: nothing to prepare
        }
        // Read by the Payara Micro Arquillian container when it starts its server.
        System.setProperty("payara.cmdOptions", "-Xmx512m " + TestEnvironment.get().containerSettings().asSystemProperties());
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestEnvironment.closeIfStarted();
    }
}
