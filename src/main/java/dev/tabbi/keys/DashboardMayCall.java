package dev.tabbi.keys;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a JAX-RS resource class or method: the signed-in dashboard may call it without an API key, acting for its user
 * with no key; a change (anything but GET) must then carry the browser session's CSRF token. Other routes need a key.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface DashboardMayCall {
}
