package dev.tabbi.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import dev.tabbi.platform.Module;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The boundaries between modules that types alone do not show: a table belongs to one module ({@link Module#tables()})
 * and only that module's code names it in SQL; a URL path belongs to one module ({@link Module#paths()}) and no other
 * module's code names it (it binds to the owner's resources with an annotation instead). Read from the source, since
 * SQL and paths are strings. Each check answers the violations it found, one line each.
 */
public final class BoundaryRules {
    private static final Pattern SQL_TABLE = Pattern.compile(
            "(?i)\\b(?:from|join|update|into|table|exists|references)\\s+(?:only\\s+)?([a-z_][a-z0-9_]*)");
    private static final Pattern ENTITY_TABLE = Pattern.compile("@Table\\(\\s*name\\s*=\\s*\"([a-z0-9_]+)\"");

    private BoundaryRules() {
    }

    /** A module as its {@code package-info} declares it. */
    record Declared(String name, String rootPackage, Set<String> tables, Set<String> paths) {
        boolean contains(JavaClass javaClass) {
            return javaClass.getPackageName().equals(rootPackage) || javaClass.getPackageName().startsWith(rootPackage + ".");
        }
    }

    static List<Declared> modules(JavaClasses classes, String rootPackage) {
        List<Declared> modules = new ArrayList<>();
        for (JavaPackage javaPackage : classes.getPackage(rootPackage).getSubpackages()) {
            javaPackage.tryGetAnnotationOfType(Module.class).ifPresent(module -> modules.add(new Declared(module.name(),
                    javaPackage.getName(), Set.of(module.tables()), Set.of(module.paths()))));
        }
        return modules;
    }

    /** Every table is declared by exactly one module. */
    public static List<String> tablesWithoutOneOwner(Set<String> tables, JavaClasses classes, String rootPackage) {
        List<String> violations = new ArrayList<>();
        List<Declared> modules = modules(classes, rootPackage);
        for (String table : tables) {
            List<String> owners = modules.stream().filter(m -> m.tables().contains(table)).map(Declared::name).toList();
            if (owners.size() != 1) {
                violations.add("table " + table + " is declared by " + (owners.isEmpty() ? "no module" : owners));
            }
        }
        return violations;
    }

    /** A module's SQL (native queries, entity tables) names only its own tables. */
    public static List<String> sqlNamesOnlyOwnTables(JavaClasses classes, String rootPackage, Path sourceRoot) {
        List<Declared> modules = modules(classes, rootPackage);
        Map<String, String> owner = new HashMap<>();
        modules.forEach(m -> m.tables().forEach(table -> owner.put(table, m.name())));
        List<String> violations = new ArrayList<>();
        forEachSource(classes, modules, sourceRoot, (module, source, literals) -> {
            Set<String> named = new LinkedHashSet<>();
            for (String literal : literals) {
                Matcher sql = SQL_TABLE.matcher(literal);
                while (sql.find()) {
                    named.add(sql.group(1).toLowerCase(java.util.Locale.ROOT));
                }
            }
            Matcher entity = ENTITY_TABLE.matcher(readQuietly(source));
            while (entity.find()) {
                named.add(entity.group(1));
            }
            for (String table : named) {
                String tableOwner = owner.get(table);
                if (tableOwner != null && !tableOwner.equals(module.name())) {
                    violations.add(relative(sourceRoot, source) + " (" + module.name() + ") names table " + table
                            + " of " + tableOwner);
                }
            }
        });
        return violations;
    }

    /**
     * A module's code names no URL path of another module: no literal that starts with it as a path of this app (with a
     * slash, e.g. {@code "/sessions/"}, {@code "sessions/"} or a pattern {@code "/?sessions/[^/]+"}).
     */
    public static List<String> codeNamesOnlyOwnPaths(JavaClasses classes, String rootPackage, Path sourceRoot) {
        List<Declared> modules = modules(classes, rootPackage);
        List<String> violations = new ArrayList<>();
        forEachSource(classes, modules, sourceRoot, (module, source, literals) -> {
            for (Declared other : modules) {
                if (other == module) {
                    continue;
                }
                for (String path : other.paths()) {
                    Pattern named = Pattern.compile("^\\^?(/v1)?/?\\??" + Pattern.quote(path) + "(/|$|\\?|\\[|\\()");
                    literals.stream().filter(literal -> literal.contains("/") && named.matcher(literal).find()).findFirst()
                            .ifPresent(literal -> violations.add(relative(sourceRoot, source) + " (" + module.name()
                                    + ") names " + other.name() + "'s path \"" + literal + "\""));
                }
            }
        });
        return violations;
    }

    /** Every JAX-RS resource and servlet of a module serves under one of the paths its module declares. */
    public static List<String> routesUnderDeclaredPaths(JavaClasses classes, String rootPackage) {
        List<Declared> modules = modules(classes, rootPackage);
        List<String> violations = new ArrayList<>();
        for (JavaClass javaClass : classes) {
            Optional<Declared> module = modules.stream().filter(m -> m.contains(javaClass)).findFirst();
            for (String route : routes(javaClass)) {
                String first = route.replaceFirst("^/", "").split("[/{]", 2)[0];
                if (module.isPresent() && !first.isEmpty() && !module.get().paths().contains(first)) {
                    violations.add(javaClass.getName() + " serves " + route + " outside " + module.get().name()
                            + "'s paths " + module.get().paths());
                }
            }
        }
        return violations;
    }

    private static List<String> routes(JavaClass javaClass) {
        List<String> routes = new ArrayList<>();
        javaClass.tryGetAnnotationOfType(jakarta.ws.rs.Path.class).ifPresent(path -> routes.add(path.value()));
        javaClass.tryGetAnnotationOfType(jakarta.servlet.annotation.WebServlet.class).ifPresent(servlet -> {
            routes.addAll(List.of(servlet.value()));
            routes.addAll(List.of(servlet.urlPatterns()));
        });
        return routes;
    }

    private interface SourceVisitor {
        void visit(Declared module, Path source, List<String> literals);
    }

    private static void forEachSource(JavaClasses classes, List<Declared> modules, Path sourceRoot, SourceVisitor visitor) {
        Map<Path, Declared> sources = new java.util.TreeMap<>(Comparator.naturalOrder());
        for (JavaClass javaClass : classes) {
            Optional<String> file = Optional.ofNullable(javaClass.getSourceCodeLocation().getSourceFileName());
            Optional<Declared> module = modules.stream().filter(m -> m.contains(javaClass)).findFirst();
            if (file.isPresent() && module.isPresent()) {
                sources.put(sourceRoot.resolve(javaClass.getPackageName().replace('.', '/')).resolve(file.get()), module.get());
            }
        }
        sources.forEach((source, module) -> {
            if (java.nio.file.Files.exists(source)) {
                visitor.visit(module, source, SourceLiterals.of(source));
            }
        });
    }

    private static String readQuietly(Path source) {
        try {
            return java.nio.file.Files.readString(source);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String relative(Path root, Path source) {
        return root.relativize(source).toString();
    }
}
