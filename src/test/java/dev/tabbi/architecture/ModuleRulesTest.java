package dev.tabbi.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The module rules catch each kind of violation, shown on small fixture codebases under {@code fixtures.modules}
 * (test code only) that each break one rule on purpose.
 */
class ModuleRulesTest {

    private static JavaClasses fixture(String name) {
        return new ClassFileImporter().importPackages("fixtures.modules." + name);
    }

    @Test
    void aCleanCodebasePassesEveryRule() {
        JavaClasses clean = fixture("clean");
        assertThat(ModuleRules.onlyDeclaredDependencies("fixtures.modules.clean").evaluate(clean).hasViolation()).isFalse();
        assertThat(ModuleRules.onlyThroughRootApi().evaluate(clean).hasViolation()).isFalse();
        assertThat(ModuleRules.freeOfCycles().evaluate(clean).hasViolation()).isFalse();
    }

    @Test
    void reachingIntoAnotherModulesInternalsIsCaught() {
        EvaluationResult result = ModuleRules.onlyThroughRootApi().evaluate(fixture("internalaccess"));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("fixtures.modules.internalaccess.orders.OrderDesk")
                .contains("fixtures.modules.internalaccess.billing.internal.InvoiceTable");
    }

    @Test
    void usingAnUndeclaredModuleIsCaught() {
        EvaluationResult result = ModuleRules.onlyDeclaredDependencies("fixtures.modules.undeclared")
                .evaluate(fixture("undeclared"));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("fixtures.modules.undeclared.orders.OrderDesk")
                .contains("fixtures.modules.undeclared.billing.Billing");
    }

    @Test
    void aCycleBetweenModulesIsCaught() {
        EvaluationResult result = ModuleRules.freeOfCycles().evaluate(fixture("cycle"));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).containsIgnoringCase("cycle");
    }

    @Test
    void sqlNamingAnotherModulesTableIsCaught() {
        assertThat(BoundaryRules.sqlNamesOnlyOwnTables(fixture("leaks"), "fixtures.modules.leaks", FIXTURE_SOURCES))
                .containsExactly("fixtures/modules/leaks/orders/OrderDesk.java (orders) names table invoices of billing");
        assertThat(BoundaryRules.tablesWithoutOneOwner(java.util.Set.of("orders", "invoices", "refunds"),
                fixture("leaks"), "fixtures.modules.leaks")).containsExactly("table refunds is declared by no module");
    }

    @Test
    void codeNamingAnotherModulesPathsIsCaught() {
        assertThat(BoundaryRules.codeNamesOnlyOwnPaths(fixture("leaks"), "fixtures.modules.leaks", FIXTURE_SOURCES))
                .containsExactly("fixtures/modules/leaks/orders/OrderDesk.java (orders) names billing's path \"/?invoices/[^/]+\"");
        assertThat(BoundaryRules.routesUnderDeclaredPaths(fixture("leaks"), "fixtures.modules.leaks")).singleElement()
                .asString().contains("OrderDesk$PaymentsResource serves /payments outside orders's paths");
    }

    @Test
    void aModuleUsingOnlyItsOwnTablesAndPathsPasses() {
        JavaClasses clean = fixture("clean");
        assertThat(BoundaryRules.sqlNamesOnlyOwnTables(clean, "fixtures.modules.clean", FIXTURE_SOURCES)).isEmpty();
        assertThat(BoundaryRules.codeNamesOnlyOwnPaths(clean, "fixtures.modules.clean", FIXTURE_SOURCES)).isEmpty();
    }

    private static final java.nio.file.Path FIXTURE_SOURCES = java.nio.file.Path.of("src/test/java");
}
