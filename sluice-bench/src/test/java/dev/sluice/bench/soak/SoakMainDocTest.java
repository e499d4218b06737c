package dev.sluice.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --write}: the report lands in the "Soak" section of docs/reliability.md, whatever else the file holds. */
class SoakMainDocTest {
  @Test
  void createsTheFileWithOnlyTheSoakSection(@TempDir Path dir) throws Exception {
    Path doc = dir.resolve("docs/reliability.md");
    SoakMain.recordInDoc(doc, "### run 1\n");
    assertThat(Files.readString(doc)).isEqualTo("## Soak\n\n### run 1\n");
  }

  @Test
  void appendsInsideTheSoakSectionBeforeTheNextOne(@TempDir Path dir) throws Exception {
    Path doc = dir.resolve("reliability.md");
    Files.writeString(doc, "# Reliability\n\n| catalog |\n\n## Soak\n\n### run 1\n\n## Later\n\ntext\n");
    SoakMain.recordInDoc(doc, "### run 2\n");
    assertThat(Files.readString(doc))
        .isEqualTo("# Reliability\n\n| catalog |\n\n## Soak\n\n### run 1\n\n### run 2\n\n## Later\n\ntext\n");
  }

  @Test
  void addsTheSectionToAFileWithoutOne(@TempDir Path dir) throws Exception {
    Path doc = dir.resolve("reliability.md");
    Files.writeString(doc, "# Reliability\n\n| catalog |\n");
    SoakMain.recordInDoc(doc, "### run 1\n");
    assertThat(Files.readString(doc)).isEqualTo("# Reliability\n\n| catalog |\n\n## Soak\n\n### run 1\n");
  }
}
