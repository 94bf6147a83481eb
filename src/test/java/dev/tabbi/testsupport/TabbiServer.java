package dev.tabbi.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a static field of an integration test: the Tabbi server of this {@link Profile} the test runs against, started
 * before the class's first test (once for the whole run, and shared) and set into the field. A {@link PayaraProcess}
 * field gets a node; a {@link Cluster} field gets {@link Profile#CLUSTER}. So the class itself says which server it
 * tests and with what settings.
 *
 * <pre>
 * class RateLimitsIT {
 *     &#64;TabbiServer(Profile.LIMITS)
 *     static PayaraProcess limited;
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@ExtendWith(TabbiServers.class)
public @interface TabbiServer {
    Profile value() default Profile.SHARED;
}
