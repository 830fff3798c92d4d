package drover.it;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;

/**
 * The module boundaries, checked on the compiled classes of every module (this module's test class
 * path holds them all): the reactor, worker and manager JVMs share only common and the app API, the
 * API stands alone, and common knows none of the three. The base module (server_mode=base workers)
 * alone joins the reactor's connections to the worker, and nothing uses it. ArchUnit's JUnit 6 engine imports the
 * classes once and reports each rule as a test.
 */
@AnalyzeClasses(packages = "drover..", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final DescribedPredicate<JavaClass> API = resideInAPackage("drover.worker.api..");
    private static final DescribedPredicate<JavaClass> WORKER =
            resideInAPackage("drover.worker..").and(not(API)).as("the worker (drover.worker.. but the API)");
    private static final DescribedPredicate<JavaClass> REACTOR = resideInAPackage("drover.reactor..");
    private static final DescribedPredicate<JavaClass> MANAGER = resideInAPackage("drover.manager..");
    private static final DescribedPredicate<JavaClass> BASE = resideInAPackage("drover.base..");

    // a rule over classes that were not imported passes without checking anything
    @ArchTest
    static void importsTheClassesOfEveryModule(JavaClasses classes) {
        for (String name : List.of("drover.reactor.ReactorMain", "drover.worker.WorkerMain", "drover.manager.ManagerMain",
                "drover.common.config.DroverConfig", "drover.worker.api.DroverApp", "drover.worker.task.TaskWorkerLoop",
                "drover.base.BaseMain")) {
            if (!classes.contain(name)) {
                throw new AssertionError(name + " was not imported: the test class path lacks its module");
            }
        }
    }

    @ArchTest
    static final ArchRule reactorUsesNeitherWorkerNorManager =
            noClasses().that(REACTOR).should().dependOnClassesThat(WORKER.or(MANAGER).or(BASE));

    @ArchTest
    static final ArchRule workerUsesNeitherReactorNorManager =
            noClasses().that(WORKER).should().dependOnClassesThat(REACTOR.or(MANAGER).or(BASE));

    @ArchTest
    static final ArchRule managerUsesNeitherReactorNorWorker =
            noClasses().that(MANAGER).should().dependOnClassesThat(REACTOR.or(WORKER).or(BASE));

    // base mode's worker: the reactor's connections and the worker's app dispatch, never the manager
    @ArchTest
    static final ArchRule baseUsesNoManager =
            noClasses().that(BASE).should().dependOnClassesThat(MANAGER);

    @ArchTest
    static final ArchRule apiUsesNothingOfDroverOutsideItself =
            classes().that(API).should().onlyDependOnClassesThat(API.or(not(resideInAPackage("drover.."))));

    @ArchTest
    static final ArchRule commonUsesNoneOfReactorWorkerManager = noClasses().that().resideInAPackage("drover.common..")
            .should().dependOnClassesThat(REACTOR.or(WORKER).or(MANAGER).or(BASE));

    // Settings are the bottom of common: every other package reads them, so they may use none but net
    // (IP literals and CIDR ranges, for proxy_protocol_trusted), which uses nothing of Drover. The
    // limits derived from settings (PayloadLimits) live above, in payload.
    @ArchTest
    static final ArchRule configUsesNoOtherDroverPackageButNet = classes().that().resideInAPackage("drover.common.config")
            .should().onlyDependOnClassesThat(resideInAPackage("drover.common.config").or(resideInAPackage("drover.common.net"))
                    .or(not(resideInAPackage("drover.."))));

    // Chronicle and what it pulls in reach only the children that run large_payload=chronicle: its code
    // lives in the chronicle module, which common knows only as a StoreModule found through ServiceLoader.
    @ArchTest
    static final ArchRule chronicleApiOnlyInItsModule = noClasses().that().resideOutsideOfPackage("drover.chronicle..")
            .should().dependOnClassesThat().resideInAPackage("net.openhft..");

    @ArchTest
    static final ArchRule commonHoldsNoChronicleCode = noClasses().that().resideInAPackage("drover.common..")
            .should().haveSimpleNameContaining("Chronicle").orShould().haveSimpleNameStartingWith("Queue");

    // common is package-private by default: a type of it is public only when another package uses it.
    // tls, net, loop and http are left out while the TLS, WebSocket and PROXY work changes them. Two uses
    // this import cannot see: TempFileStore is built on by the chronicle module's tests, and
    // ChildLifecycle.Boot is implemented by lambdas in the reactor and the workers.
    @ArchTest
    static final ArchRule commonTypesArePublicOnlyWhenAnotherPackageUsesThem = classes()
            .that().resideInAPackage("drover.common..").and().arePublic()
            .and().resideOutsideOfPackages("drover.common.tls", "drover.common.net", "drover.common.loop", "drover.common.http")
            .and().haveSimpleNameNotEndingWith("Main")
            .and().doNotHaveFullyQualifiedName("drover.common.payload.TempFileStore")
            .and().doNotHaveFullyQualifiedName("drover.common.process.ChildLifecycle$Boot")
            .should(new ArchCondition<JavaClass>("be used from another package") {
                @Override
                public void check(JavaClass type, ConditionEvents events) {
                    boolean used = type.getDirectDependenciesToSelf().stream()
                            .anyMatch(d -> !d.getOriginClass().getPackageName().equals(type.getPackageName()));
                    if (!used) {
                        events.add(SimpleConditionEvent.violated(type, type.getName() + " is public, but only its own package uses it"));
                    }
                }
            });

    // The manager's layers: the supervisor loop (drover.manager.supervise) drives the reload, the
    // control socket, the launcher and the children, and is known to none of them: the reload works
    // through SlotControl, the control socket tells a ControlListener.
    @ArchTest
    static final ArchRule managerPackagesBelowTheSupervisorNeverUseIt = noClasses()
            .that().resideInAnyPackage("drover.manager.reload..", "drover.manager.control..",
                    "drover.manager.launch..", "drover.manager.child..", "drover.manager.rundir..")
            .should().dependOnClassesThat().resideInAnyPackage("drover.manager.supervise..", "drover.manager.cli..");

    // A cycle makes two packages one: neither can be understood, tested or moved without the other.
    // One is known and left for the worker's split: drover.worker.task uses WorkerVitals and AppLoader
    // of drover.worker, which uses its TaskClient and TaskCall. Only that direction is ignored, so
    // any other cycle, there or anywhere, fails.
    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("drover.(**)").should().beFreeOfCycles()
            .ignoreDependency(resideInAPackage("drover.worker.task.."), resideInAPackage("drover.worker"));
}
