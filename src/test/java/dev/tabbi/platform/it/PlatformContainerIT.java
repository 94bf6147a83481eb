package dev.tabbi.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabbi.testsupport.container.ContainerTestBase;
import dev.tabbi.testsupport.container.JpaProbe;
import dev.tabbi.platform.ClusterBus;
import dev.tabbi.platform.Locks;
import dev.tabbi.platform.RedisConnection;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Inside a real Payara Micro (managed by Arquillian) with the run's PostgreSQL and no Redis: the packaged WAR's
 * datasource, Flyway migrations, JPA unit and CDI wiring work together, and single-node mode picks the in-process
 * coordination.
 */
class PlatformContainerIT extends ContainerTestBase {

    @Inject
    JpaProbe jpa;

    @Inject
    RedisConnection redis;

    @Inject
    Locks locks;

    @Inject
    ClusterBus bus;

    @Test
    void migrationsRanBeforeTheAppServedAndJpaSeesTheirSchema() {
        assertTrue(jpa.count("SELECT count(*) FROM flyway_schema_history WHERE success") >= 1);
        assertEquals(1, jpa.count("SELECT count(*) FROM platform_installation"));
        assertEquals(packagedMigrations(),
                jpa.count("SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL"),
                "every migration packaged in the WAR was applied");
        assertEquals(0, jpa.count("SELECT count(*) FROM flyway_schema_history WHERE NOT success"));
    }

    @Inject
    ServletContext servletContext;

    /** How many versioned migrations the deployed WAR carries (WEB-INF/classes/db/migration/V*.sql). */
    private long packagedMigrations() {
        return servletContext.getResourcePaths("/WEB-INF/classes/db/migration/").stream()
                .filter(path -> path.matches(".*/V\\d+__.*\\.sql")).count();
    }

    @Test
    void sessionCookiesAreSecureByDefault() {
        // the container's own session (nothing of Tabbi's is kept there; tabbi_session is the dashboard's, in the database)
        var cookie = servletContext.getSessionCookieConfig();
        assertEquals("tabbi_node_session", cookie.getName());
        assertTrue(cookie.isSecure(), "Secure unless identity.secure-cookies=false");
        assertTrue(cookie.isHttpOnly());
        assertEquals("Lax", cookie.getAttribute("SameSite"));
        assertEquals(30, servletContext.getSessionTimeout());
    }

    @Test
    void withoutRedisTheAppRunsSingleNodeWithInProcessCoordination() throws InterruptedException {
        assertFalse(redis.isConfigured());

        try (Locks.Lock held = locks.tryAcquire("container-test", Duration.ofSeconds(30)).orElseThrow()) {
            assertTrue(locks.tryAcquire("container-test", Duration.ofSeconds(30)).isEmpty());
        }
        assertTrue(locks.tryAcquire("container-test", Duration.ofSeconds(30)).isPresent());

        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (ClusterBus.Subscription subscription = bus.subscribe("container-test", received::add)) {
            bus.publish("container-test", "hello");
            assertEquals("hello", received.poll(5, TimeUnit.SECONDS));
        }
    }
}
