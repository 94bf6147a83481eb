package dev.tabbi.architecture;

import static com.tngtech.archunit.library.modules.syntax.ModuleDependencyScope.consideringOnlyDependenciesInAnyPackage;
import static com.tngtech.archunit.library.modules.syntax.ModuleRuleDefinition.modules;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.tabbi.platform.Module;

/**
 * The module rules of the codebase, for any root package (so the rules can be shown failing on fixtures).
 * A module is a package whose {@code package-info.java} carries {@link Module}; its root package is its API.
 */
public final class ModuleRules {
    private ModuleRules() {
    }

    /** A module uses only the modules it lists in {@link Module#allowedDependencies()}. */
    public static ArchRule onlyDeclaredDependencies(String rootPackage) {
        return modules()
                .definedByAnnotation(Module.class, Module::name)
                .should().respectTheirAllowedDependenciesDeclaredIn("allowedDependencies",
                        consideringOnlyDependenciesInAnyPackage(rootPackage + ".."))
                .as("modules use only the modules they declare");
    }

    /** Another module's {@code internal}, {@code api} and {@code web} packages are off limits. */
    public static ArchRule onlyThroughRootApi() {
        return modules()
                .definedByAnnotation(Module.class, Module::name)
                .should().onlyDependOnEachOtherThroughClassesThat(resideInAModuleRootPackage())
                .as("modules use each other only through their root-package API");
    }

    /** No module depends on itself through others. */
    public static ArchRule freeOfCycles() {
        return modules()
                .definedByAnnotation(Module.class, Module::name)
                .should().beFreeOfCycles()
                .as("modules are free of cycles");
    }

    private static DescribedPredicate<JavaClass> resideInAModuleRootPackage() {
        return DescribedPredicate.describe("reside in a module's root package",
                javaClass -> javaClass.getPackage().isAnnotatedWith(Module.class));
    }
}
