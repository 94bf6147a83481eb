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
        ThrowAwayDatabase database = TestEnvironment.get().database();
        String sandboxService = TestEnvironment.get().sandboxService().baseUrl().toString();
        String daytona = TestEnvironment.get().daytona().baseUrl().toString();
        // Read by the Payara Micro Arquillian container when it starts its server.
        System.setProperty("payara.cmdOptions", "-Xmx512m"
                + " -Ddb.url=" + database.jdbcUrl()
                + " -Ddb.user=" + database.user()
                + (database.password().isEmpty() ? "" : " -Ddb.password=" + database.password())
                + " -Dkeys.pepper=" + TestEnvironment.KEYS_PEPPER
                + " -Didentity.token-encryption-keys=" + TestEnvironment.TOKEN_KEYS
                + " -Ddashboard.view-state-secret=" + TestEnvironment.VIEW_STATE_SECRET
                + " -Dsandbox.remote.url=" + sandboxService
                + " -Dsandbox.remote.api-key=" + FakeSandboxService.API_KEY
                + " -Dsandbox.modal.token-id=" + FakeSandboxService.MODAL_TOKEN_ID
                + " -Dsandbox.modal.token-secret=" + FakeSandboxService.MODAL_TOKEN_SECRET
                + " -Dsandbox.remote.timeout-ms=1000"
                + " -Dtest.fake-sandbox-service=" + sandboxService
                + " -Dsandbox.daytona.api-url=" + daytona
                + " -Dsandbox.daytona.api-key=" + FakeDaytona.API_KEY
                + " -Dtest.fake-daytona=" + daytona);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestEnvironment.closeIfStarted();
    }
}
