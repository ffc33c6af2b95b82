package io.mailflow.dns;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dns package needs the JDK, dnsjava and the model, nothing else of Mailflow. */
class DnsDependenciesTest {

    @Test
    void dnsShouldOnlyKnowTheJdkDnsjavaAndTheModel() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.mailflow.dns");
        classes().that().resideInAPackage("io.mailflow.dns..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.xbill.DNS..", "io.mailflow.model..", "io.mailflow.dns..")
                .check(classes);
    }
}
