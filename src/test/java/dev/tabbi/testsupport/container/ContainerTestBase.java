package dev.tabbi.testsupport.container;

import java.io.File;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Container tests run inside a real Payara Micro that Arquillian starts with the packaged WAR, the run's
 * PostgreSQL and no Redis, plus a few test-only beans. They use JUnit's own assertions (the WAR has no AssertJ).
 * Each class boots its own server, so keep them few. They live next to the module they test ({@code <module>/it}); their
 * server's settings are {@code TestEnvironment.containerSettings()}, from the same base as every other server's.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class ContainerTestBase {

    @Deployment
    public static WebArchive tabbiWithProbes() {
        return ShrinkWrap.create(ZipImporter.class, "tabbi.war")
                .importFrom(new File(System.getProperty("tabbi.war")))
                .as(WebArchive.class)
                .addClasses(ContainerTestBase.class, JpaProbe.class, EventRecorder.class);
    }
}
