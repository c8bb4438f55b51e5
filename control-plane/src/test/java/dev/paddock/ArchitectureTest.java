package dev.paddock;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Technology stays in the sub-package named for it. */
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
}
