package io.llmesr;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core's packages depend on each other in one direction only (docs/training.md, "Java API"). */
class PackageCyclesTest {
  @Test
  void corePackagesAreFreeOfCycles() {
    JavaClasses core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.llmesr");
    slices().matching("io.llmesr.(**)").should().beFreeOfCycles().check(core);
  }
}
