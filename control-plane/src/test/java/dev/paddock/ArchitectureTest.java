package dev.paddock;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.paddock.app.Apps;
import dev.paddock.auth.Caller;
import dev.paddock.naming.DnsLabel;
import dev.paddock.tenant.Tenant;

/**
 * Technology stays in the sub-package named for it; feature packages form no cycle; the driver and
 * edge contracts ({@code sandbox}, {@code routing}) stand on the ground floor, below every feature;
 * controllers announce their writes rather than driving the reconciler, and take their app from the
 * one resolver that keeps the tenant boundary; every interface is a small role.
 */
@AnalyzeClasses(packages = "dev.paddock", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule onlyTheDockerDriverTalksToDocker =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.paddock.sandbox.docker..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.github.dockerjava..");

  @ArchTest
  static final ArchRule onlyTheKubernetesDriverTalksToKubernetes =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.paddock.sandbox.kubernetes..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.fabric8..");

  @ArchTest
  static final ArchRule onlyTheHttpdRouterKnowsHttpd =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.paddock.routing.httpd..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.paddock.routing.httpd..");

  @ArchTest
  static final ArchRule featuresDoNotReachIntoTheReconcilersInternals =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.paddock.reconcile..")
          .should()
          .dependOnClassesThat()
          .haveSimpleName("AppReconciler");

  @ArchTest
  static final ArchRule featurePackagesFormNoCycle =
      slices().matching("dev.paddock.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule theDriverAndEdgeContractsDependOnNoFeature =
      noClasses()
          .that()
          .resideInAnyPackage("dev.paddock.sandbox..", "dev.paddock.routing..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.paddock.aot..",
              "dev.paddock.app..",
              "dev.paddock.audit..",
              "dev.paddock.auth..",
              "dev.paddock.deploy..",
              "dev.paddock.diagnostics..",
              "dev.paddock.domain..",
              "dev.paddock.events..",
              "dev.paddock.leader..",
              "dev.paddock.logs..",
              "dev.paddock.metrics..",
              "dev.paddock.platform..",
              "dev.paddock.reconcile..",
              "dev.paddock.recycle..",
              "dev.paddock.release..",
              "dev.paddock.settings..",
              "dev.paddock.tenant..",
              "dev.paddock.user..");

  @ArchTest
  static final ArchRule controllersAnnounceWritesInsteadOfDrivingTheReconciler =
      noClasses()
          .that()
          .haveSimpleNameEndingWith("Controller")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.paddock.reconcile..");

  @ArchTest
  static final ArchRule controllersTakeTheirAppFromTheTenantBoundary =
      noClasses()
          .that()
          .haveSimpleNameEndingWith("Controller")
          .should()
          .callMethod(Apps.class, "get", Tenant.class, DnsLabel.class)
          .orShould()
          .callMethod(Apps.class, "writableBy", Caller.class, Tenant.class, DnsLabel.class)
          .because("an endpoint declares an App argument (AppArguments): 404-not-403 in one place");

  @ArchTest
  static final ArchRule interfacesAreSmallRoles =
      classes()
          .that()
          .areInterfaces()
          .and()
          .areNotAnnotations()
          .should(declareAtMostAbstractMethods(5))
          .because(
              "a caller depends on the role it uses; an optional capability is its own interface");

  @ArchTest
  static final ArchRule noCodeAsksADriverWhatItCanDoByInstanceof =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.paddock.sandbox..")
          .should(testWithInstanceofAnInterfaceOf("dev.paddock.sandbox"))
          .because("an engine's optional capability is a bean of its own, injected where used");

  private static ArchCondition<JavaClass> testWithInstanceofAnInterfaceOf(String packageName) {
    return new ArchCondition<>("test with instanceof an interface of " + packageName) {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        for (var check : type.getInstanceofChecks()) {
          JavaClass tested = check.getRawType();
          if (tested.isInterface() && tested.getPackageName().equals(packageName)) {
            events.add(
                SimpleConditionEvent.satisfied(
                    check, "instanceof " + tested.getName() + " " + check.getSourceCodeLocation()));
          }
        }
      }
    };
  }

  private static ArchCondition<JavaClass> declareAtMostAbstractMethods(int most) {
    return new ArchCondition<>("declare at most " + most + " abstract methods") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        long count =
            type.getMethods().stream()
                .filter(m -> m.getModifiers().contains(JavaModifier.ABSTRACT))
                .count();
        events.add(
            new SimpleConditionEvent(
                type, count <= most, type.getName() + " declares " + count + " abstract methods"));
      }
    };
  }
}
