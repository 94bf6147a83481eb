package dev.tabbi.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a package as the root of a bounded module. Placed on the module's {@code package-info.java}.
 *
 * <p>The root package is the module's API; its sub-packages ({@code internal}, {@code api}, {@code web}) are
 * private to it. The build's architecture tests read this annotation and fail when a module reaches into
 * another module's sub-packages, uses a module it has not declared, takes part in a cycle, or names in its code
 * another module's tables or URL paths.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PACKAGE)
public @interface Module {

    /** Short name other modules use in {@link #allowedDependencies()}, e.g. {@code "sessions"}. */
    String name();

    /** Names of the modules whose root-package API this module may use. */
    String[] allowedDependencies() default {};

    /** The database tables this module owns: only its code names them in SQL; others ask it through its API. */
    String[] tables() default {};

    /**
     * The first segments of the URL paths this module owns (its API routes, its dashboard pages, its servlets),
     * e.g. {@code "sessions"}: no other module's code names them.
     */
    String[] paths() default {};
}
