package io.mailflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package map of ARCHITECTURE.md: dependencies point one way only. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.mailflow");

    private static void mayNotDependOn(String pkg, String... others) {
        for (String other : others) {
            noClasses().that().resideInAPackage("io.mailflow." + pkg + "..").should()
                    .dependOnClassesThat().resideInAPackage("io.mailflow." + other + "..")
                    .because(pkg + " must not know " + other + " (ARCHITECTURE.md)").check(CLASSES);
        }
    }

    @Test
    void modelShouldKnowNothingElse() {
        mayNotDependOn("model", "config", "smtp", "receive", "pipeline", "routing", "queue", "deliver", "dsn", "trace",
                "store", "tls", "rules", "admin");
    }

    @Test
    void messageShouldKnowNothingElse() {
        mayNotDependOn("message", "model", "config", "smtp", "receive", "pipeline", "routing", "queue", "deliver", "dsn",
                "trace", "store", "tls", "rules", "dns", "admin");
    }

    @Test
    void smtpShouldOnlyKnowTheModel() {
        mayNotDependOn("smtp", "config", "receive", "pipeline", "routing", "queue", "deliver", "trace", "store", "admin");
    }

    @Test
    void storeShouldKnowNothingAboveIt() {
        mayNotDependOn("store", "config", "smtp", "receive", "pipeline", "routing", "queue", "deliver", "trace", "admin");
    }

    @Test
    void routingShouldBePureOfIoPackages() {
        mayNotDependOn("routing", "receive", "pipeline", "queue", "deliver", "store", "admin");
    }

    @Test
    void queueShouldNotKnowHowMailIsReceivedOrDelivered() {
        mayNotDependOn("queue", "receive", "pipeline", "deliver", "smtp", "admin");
    }

    @Test
    void noticesAndDnsShouldStandAlone() {
        mayNotDependOn("dsn", "config", "smtp", "receive", "pipeline", "routing", "queue", "deliver", "trace", "store", "admin");
        mayNotDependOn("dns", "config", "smtp", "receive", "pipeline", "routing", "queue", "deliver", "trace", "store", "admin");
    }

    @Test
    void socketBoundsShouldStandAlone() {
        mayNotDependOn("net", "model", "config", "smtp", "receive", "pipeline", "routing", "queue", "deliver", "dsn", "dns",
                "trace", "store", "tls", "rules", "admin");
    }

    @Test
    void rulesShouldOnlyKnowTheModel() {
        mayNotDependOn("rules", "config", "smtp", "receive", "pipeline", "routing", "queue", "deliver", "dsn", "dns", "trace",
                "store", "tls", "admin");
    }

    @Test
    void deliveryShouldNotKnowHowMailIsReceived() {
        mayNotDependOn("deliver", "receive", "pipeline", "admin");
    }

    @Test
    void nothingShouldImportAdmin() {
        noClasses().that().resideOutsideOfPackage("io.mailflow.admin..").should().dependOnClassesThat()
                .resideInAPackage("io.mailflow.admin..").check(CLASSES);
    }

    @Test
    void onlyTheStoreShouldTalkToTheDatabase() {
        noClasses().that().resideOutsideOfPackage("io.mailflow.store..").should().dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "org.sqlite..", "com.zaxxer..", "org.flywaydb..").check(CLASSES);
    }
}
