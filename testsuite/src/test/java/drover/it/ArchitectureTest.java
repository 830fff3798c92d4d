package drover.it;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, checked on the compiled classes of every module (this module's test class
 * path holds them all): the reactor, worker and manager JVMs share only common and the app API, the
 * API stands alone, and common knows none of the three. ArchUnit's core library with plain JUnit
 * tests (rule.check), so the suite keeps its one JUnit version.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("drover..");

    private static final DescribedPredicate<JavaClass> API = resideInAPackage("drover.worker.api..");
    private static final DescribedPredicate<JavaClass> WORKER =
            resideInAPackage("drover.worker..").and(not(API)).as("the worker (drover.worker.. but the API)");
    private static final DescribedPredicate<JavaClass> REACTOR = resideInAPackage("drover.reactor..");
    private static final DescribedPredicate<JavaClass> MANAGER = resideInAPackage("drover.manager..");

    // a rule over classes that were not imported passes without checking anything
    @Test
    void importsTheClassesOfEveryModule() {
        for (String name : List.of("drover.reactor.ReactorMain", "drover.worker.WorkerMain", "drover.manager.ManagerMain",
                "drover.common.config.DroverConfig", "drover.worker.api.DroverApp", "drover.worker.task.TaskWorkerLoop")) {
            assertTrue(CLASSES.contain(name), name + " was not imported: the test class path lacks its module");
        }
    }

    @Test
    void reactorUsesNeitherWorkerNorManager() {
        noClasses().that(REACTOR).should().dependOnClassesThat(WORKER.or(MANAGER)).check(CLASSES);
    }

    @Test
    void workerUsesNeitherReactorNorManager() {
        noClasses().that(WORKER).should().dependOnClassesThat(REACTOR.or(MANAGER)).check(CLASSES);
    }

    @Test
    void managerUsesNeitherReactorNorWorker() {
        noClasses().that(MANAGER).should().dependOnClassesThat(REACTOR.or(WORKER)).check(CLASSES);
    }

    @Test
    void apiUsesNothingOfDroverOutsideItself() {
        classes().that(API).should().onlyDependOnClassesThat(API.or(not(resideInAPackage("drover..")))).check(CLASSES);
    }

    @Test
    void commonUsesNoneOfReactorWorkerManager() {
        noClasses().that().resideInAPackage("drover.common..")
                .should().dependOnClassesThat(REACTOR.or(WORKER).or(MANAGER)).check(CLASSES);
    }

    // The manager's layers: the supervisor loop (drover.manager.supervise) drives the reload, the
    // control socket, the launcher and the children, and is known to none of them: the reload works
    // through SlotControl, the control socket tells a ControlListener.
    @Test
    void managerPackagesBelowTheSupervisorNeverUseIt() {
        noClasses().that().resideInAnyPackage("drover.manager.reload..", "drover.manager.control..",
                        "drover.manager.launch..", "drover.manager.child..", "drover.manager.rundir..")
                .should().dependOnClassesThat().resideInAnyPackage("drover.manager.supervise..", "drover.manager.cli..")
                .check(CLASSES);
    }

    // A cycle makes two packages one: neither can be understood, tested or moved without the other.
    // One is known and left for the worker's split: drover.worker.task uses WorkerVitals and AppLoader
    // of drover.worker, which uses its TaskClient and TaskCall. Only that direction is ignored, so
    // any other cycle, there or anywhere, fails.
    @Test
    void packagesFormNoCycles() {
        slices().matching("drover.(**)").should().beFreeOfCycles()
                .ignoreDependency(resideInAPackage("drover.worker.task.."), resideInAPackage("drover.worker"))
                .check(CLASSES);
    }
}
