package dev.tabbi.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tabbi's own code obeys the module rules; a failure names each offending dependency. */
class ModularityTest {
    private static JavaClasses tabbi;

    @BeforeAll
    static void importProductionCode() {
        tabbi = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tabbi");
    }

    @Test
    void everyTopLevelPackageIsADeclaredModule() {
        Set<String> modules = tabbi.getPackage("dev.tabbi").getSubpackages().stream()
                .filter(p -> p.isAnnotatedWith(dev.tabbi.platform.Module.class))
                .map(p -> p.getName().substring("dev.tabbi.".length()))
                .collect(Collectors.toSet());
        assertThat(modules).containsExactlyInAnyOrderElementsOf(
                List.of("identity", "keys", "sessions", "sandbox", "usage", "platform"));
        assertThat(tabbi.getPackage("dev.tabbi").getClasses()).as("nothing lives outside a module").isEmpty();
    }

    @Test
    void modulesUseOnlyDeclaredModules() {
        ModuleRules.onlyDeclaredDependencies("dev.tabbi").check(tabbi);
    }

    @Test
    void modulesUseOnlyEachOthersRootApi() {
        ModuleRules.onlyThroughRootApi().check(tabbi);
    }

    @Test
    void modulesAreFreeOfCycles() {
        ModuleRules.freeOfCycles().check(tabbi);
    }

    @Test
    void everyTableBelongsToOneModule() throws java.io.IOException {
        java.util.Set<String> tables = new java.util.TreeSet<>();
        try (var migrations = java.nio.file.Files.list(java.nio.file.Path.of("db"))) {
            for (java.nio.file.Path migration : migrations.toList()) {
                var created = java.util.regex.Pattern.compile("(?i)create\\s+(?:unlogged\\s+)?table\\s+(?:if not exists\\s+)?(\\w+)")
                        .matcher(java.nio.file.Files.readString(migration));
                while (created.find()) {
                    tables.add(created.group(1).toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        assertThat(tables).isNotEmpty();
        assertThat(BoundaryRules.tablesWithoutOneOwner(tables, tabbi, "dev.tabbi")).isEmpty();
    }

    @Test
    void onlyAModulesOwnCodeNamesItsTablesInSql() {
        assertThat(BoundaryRules.sqlNamesOnlyOwnTables(tabbi, "dev.tabbi", MAIN_SOURCES)).isEmpty();
    }

    @Test
    void noModulesCodeNamesAnotherModulesUrlPaths() {
        assertThat(BoundaryRules.codeNamesOnlyOwnPaths(tabbi, "dev.tabbi", MAIN_SOURCES)).isEmpty();
        assertThat(BoundaryRules.routesUnderDeclaredPaths(tabbi, "dev.tabbi")).isEmpty();
    }

    private static final java.nio.file.Path MAIN_SOURCES = java.nio.file.Path.of("src/main/java");
}
