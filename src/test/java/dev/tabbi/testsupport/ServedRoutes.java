package dev.tabbi.testsupport;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every route the REST API serves, read from the compiled resources (every {@code /api/} class with a {@code @Path}):
 * what the OpenAPI document must list and what the input sweep sends bad input to.
 */
public final class ServedRoutes {

    /** One route: method, path template, its query and header parameters, its body's type (null: none). */
    public record Route(String method, String path, List<String> queryParameters, List<String> headers, Class<?> body,
            boolean streams) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private ServedRoutes() {
    }

    public static List<Route> all() {
        java.nio.file.Path classes = Paths.project().resolve("target/classes");
        List<Route> routes = new ArrayList<>();
        try (var files = Files.walk(classes.resolve("dev/tabbi"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class") && f.toString().contains("/api/")).sorted().toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, ServedRoutes.class.getClassLoader());
                Path root = type.getAnnotation(Path.class);
                if (root != null) {
                    Arrays.stream(type.getDeclaredMethods()).sorted(java.util.Comparator.comparing(Method::getName))
                            .forEach(method -> route(root, method, type).ifPresent(routes::add));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return routes;
    }

    private static java.util.Optional<Route> route(Path root, Method method, Class<?> type) {
        String verb = Arrays.stream(method.getAnnotations())
                .map(a -> a.annotationType().getAnnotation(HttpMethod.class)).filter(java.util.Objects::nonNull)
                .map(HttpMethod::value).findFirst().orElse(null);
        if (verb == null) {
            return java.util.Optional.empty();
        }
        Path sub = method.getAnnotation(Path.class);
        List<String> query = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        Class<?> body = null;
        for (Parameter parameter : method.getParameters()) {
            if (parameter.isAnnotationPresent(QueryParam.class)) {
                query.add(parameter.getAnnotation(QueryParam.class).value());
            } else if (parameter.isAnnotationPresent(HeaderParam.class)) {
                headers.add(parameter.getAnnotation(HeaderParam.class).value());
            } else if (parameter.getAnnotations().length == 0) {
                body = parameter.getType();
            }
        }
        Produces produces = method.isAnnotationPresent(Produces.class) ? method.getAnnotation(Produces.class) : type.getAnnotation(Produces.class);
        boolean streams = produces != null && Arrays.asList(produces.value()).contains("text/event-stream");
        return java.util.Optional.of(new Route(verb, "/v1" + root.value() + (sub == null ? "" : sub.value()), query, headers, body, streams));
    }
}
