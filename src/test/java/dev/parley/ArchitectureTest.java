package dev.parley;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The direction of dependencies: adapters depend on the core, never the other way. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.parley");

    @Test
    void core_imports_no_web_framework_jdbc_json_or_broker_library() {
        noClasses().that().resideInAPackage("dev.parley.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.vertx..", "io.netty..", "java.sql..", "javax.sql..", "org.jdbi..", "com.zaxxer..",
                        "org.flywaydb..", "com.fasterxml..", "com.nimbusds..", "io.socket..", "io.nats..",
                        "io.lettuce..", "redis.clients..", "org.slf4j..", "io.micrometer..")
                .check(CLASSES);
    }

    @Test
    void core_depends_on_no_adapter() {
        noClasses().that().resideInAPackage("dev.parley.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.parley.store..", "dev.parley.bus..", "dev.parley.realtime..", "dev.parley.files..",
                        "dev.parley.api..", "dev.parley.dialect..", "dev.parley.server..", "dev.parley.web..",
                        "dev.parley.auth..")
                .check(CLASSES);
    }

    @Test
    void dialects_do_not_import_each_other() {
        SlicesRuleDefinition.slices().matching("dev.parley.dialect.(*)..")
                .should().notDependOnEachOther()
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void adapters_do_not_depend_on_the_server_wiring() {
        noClasses().that().resideInAnyPackage("dev.parley.store..", "dev.parley.bus..", "dev.parley.realtime..",
                        "dev.parley.api..", "dev.parley.dialect..", "dev.parley.files..", "dev.parley.web..")
                .should().dependOnClassesThat().resideInAPackage("dev.parley.server..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }
}
