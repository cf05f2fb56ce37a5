package io.llmesr.server;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.llmesr.server.archfixture.ImportsTrainingCode;
import org.junit.jupiter.api.Test;

/**
 * The server speaks to models only through {@code io.llmesr.recommend}: it never imports training, model, data or
 * embedding code, so it can serve any {@code Recommender} and stays small.
 */
class ArchitectureTest {
  static final ArchRule ONLY_RECOMMEND = noClasses().that().resideInAPackage("io.llmesr.server..")
      .should().dependOnClassesThat(resideInAPackage("io.llmesr..")
          .and(resideOutsideOfPackages("io.llmesr.server..", "io.llmesr.recommend..")))
      .because("the server must depend only on core's recommend package");

  @Test
  void serverDependsOnNoLlmesrCodeButTheRecommendPackage() {
    JavaClasses server = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.llmesr.server");
    ONLY_RECOMMEND.check(server);
  }

  @Test
  void theRuleCatchesAServerClassThatImportsTrainingCode() {
    JavaClasses fixture = new ClassFileImporter().importClasses(ImportsTrainingCode.class);
    assertThatThrownBy(() -> ONLY_RECOMMEND.check(fixture)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("io.llmesr.run.RunConfig");
  }
}
