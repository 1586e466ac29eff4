package dev.restitution.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;


/** The shape DESIGN.md asks of every service, checked on the compiled classes of each. */
class ArchitectureTest {

    private static final List<String> SERVICES = List.of("ledger", "claims", "payout");
    private static final List<String> APPLICATIONS = List.of("ledger", "claims", "payout", "portal");

    /** JPA, Panache, Hibernate and JDBC types that run statements; {@code java.sql.SQLException} alone may cross. */
    private static final DescribedPredicate<JavaClass> DATABASE_ACCESS = resideInAnyPackage(
            "jakarta.persistence..", "io.quarkus.hibernate..", "org.hibernate..", "javax.sql..", "java.sql..")
            .and(not(assignableTo(SQLException.class)))
            .as("database access (JPA, Panache, Hibernate, JDBC)");

    private static JavaClasses classes;

    @BeforeAll
    static void importTheCompiledModules() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.restitution");
        for (String application : APPLICATIONS) {
            assertTrue(classes.containPackage("dev.restitution." + application),
                    "classes of " + application + " were imported (an empty import would pass every rule)");
        }
    }

    static List<String> services() {
        return SERVICES;
    }

    static List<String> applications() {
        return APPLICATIONS;
    }

    @ParameterizedTest
    @MethodSource("services")
    void domainCodeImportsNoFramework(String service) {
        // Why: domain rules are plain classes, unit-tested without a container (DESIGN.md, conventions).
        noClasses().that().resideInAPackage("dev.restitution." + service + "..domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "jakarta..", "javax.persistence..", "javax.inject..", "javax.sql..", "java.sql..",
                        "io.quarkus..", "io.smallrye..", "io.vertx..", "org.hibernate..", "org.eclipse.microprofile..",
                        "org.jboss..", "com.fasterxml.jackson.databind..", "com.fasterxml.jackson.annotation..")
                .because("domain packages hold rules, not frameworks")
                .check(classes);
    }

    @ParameterizedTest
    @MethodSource("services")
    void onlyPersistencePackagesTalkToTheDatabase(String service) {
        // Why: a store by another name hides SQL from the reader of the persistence layer.
        noClasses().that().resideInAPackage("dev.restitution." + service + "..")
                .and().resideOutsideOfPackage("..persistence..")
                .should().dependOnClassesThat(DATABASE_ACCESS)
                .because("SQL and entities live in persistence packages only (an SQLException may pass through)")
                .check(classes);
    }

    @ParameterizedTest
    @MethodSource("applications")
    void packagesHaveNoCycles(String application) {
        // Why: a cycle between packages means neither can change or be understood alone.
        slices().matching("dev.restitution." + application + ".(**)")
                .should().beFreeOfCycles()
                .check(classes);
    }

    @ParameterizedTest
    @MethodSource("applications")
    void applicationsNeverImportEachOther(String application) {
        // Why: services talk through contracts (HTTP documents and events) only; a shared class is a hidden API.
        String[] others = APPLICATIONS.stream()
                .filter(other -> !other.equals(application))
                .map(other -> "dev.restitution." + other + "..")
                .toArray(String[]::new);
        noClasses().that().resideInAPackage("dev.restitution." + application + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .check(classes);
    }

    @Test
    void contractsHoldNoRuntimeFramework() {
        // Why: contracts are documents and the code generated from them; runtime pieces belong to the service kit.
        noClasses().that().resideInAPackage("dev.restitution.contracts..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "jakarta.persistence..", "io.quarkus.hibernate..", "io.quarkus.scheduler..",
                        "io.smallrye.reactive.messaging..", "org.apache.kafka..")
                .check(classes);
    }
}
