package dev.tabbi.usage.internal;

import dev.tabbi.sessions.SessionRoute;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;

/** The kinds of API request that have limits of their own, told by the route's {@link SessionRoute} marks. */
public enum RouteClass {
    CREATE, MESSAGES, FILES, OTHER;

    /** The class of a request by the resource method that serves it (and its class). */
    public static RouteClass of(Method resourceMethod, Class<?> resourceClass) {
        if (marked(SessionRoute.CreatesSession.class, resourceMethod, resourceClass)) {
            return CREATE;
        }
        if (marked(SessionRoute.StartsTurn.class, resourceMethod, resourceClass)) {
            return MESSAGES;
        }
        if (marked(SessionRoute.ReadsWorkspace.class, resourceMethod, resourceClass)) {
            return FILES;
        }
        return OTHER;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean marked(Class<? extends Annotation> mark, AnnotatedElement... elements) {
        for (AnnotatedElement element : elements) {
            if (element != null && element.isAnnotationPresent(mark)) {
                return true;
            }
        }
        return false;
    }
}
