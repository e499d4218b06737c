package dev.sluice.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptAnalyzerTest {

  private static PromptFeatures analyze(String text) {
    return PromptAnalyzer.analyze(text, 42, false, false);
  }

  @Test
  void passesThroughTokensImagesAndTools() {
    assertThat(PromptAnalyzer.analyze("hi", 7, true, true))
        .isEqualTo(new PromptFeatures(7, false, true, true, false, "latin"));
    assertThat(PromptAnalyzer.analyze(null, 0, false, false).script()).isEqualTo("latin");
  }

  @Test
  void aFencedBlockIsCode() {
    assertThat(analyze("What does this do?\n```\nx = 1\n```").code()).isTrue();
  }

  @Test
  void severalCodeLikeLinesAreCode() {
    assertThat(analyze("Fix this:\nimport os\ndef main():\n    print(os.getcwd())\n").code()).isFalse(); // two lines
    assertThat(analyze("Fix this:\nimport os\ndef main():\n    return os.getcwd()\n").code()).isTrue();
    assertThat(analyze("int main() {\n  int x = 1;\n  return x;\n}").code()).isTrue();
    assertThat(analyze("const f = (a) => a;\nlet y = f(2);\nconsole.log(y);").code()).isTrue();
    assertThat(analyze("#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>").code()).isTrue();
  }

  @Test
  void proseIsNotCode() {
    assertThat(analyze("Write me a poem about the sea.\nMake it rhyme; keep it short.\nThanks!").code()).isFalse();
  }

  @Test
  void reasoningCuesAreWholeWordsCaseInsensitive() {
    assertThat(analyze("Solve this Step By Step, please.").reasoning()).isTrue();
    assertThat(analyze("Prove that sqrt(2) is irrational.").reasoning()).isTrue();
    assertThat(analyze("Why does ice float?").reasoning()).isTrue();
    assertThat(analyze("Explain why the sky is blue").reasoning()).isTrue();
    assertThat(analyze("think carefully before answering").reasoning()).isTrue();
    assertThat(analyze("Derive the formula.").reasoning()).isTrue();
  }

  @Test
  void wordsThatMerelyContainACueAreNot() {
    assertThat(analyze("The proofreader approved the waterproof jacket.").reasoning()).isFalse();
    assertThat(analyze("Steps by the stepladder.").reasoning()).isFalse();
    assertThat(analyze("Translate 'hello' to French").reasoning()).isFalse();
  }

  @Test
  void scriptIsTheOneWithTheMostLetters() {
    assertThat(analyze("Hello, how are you?").script()).isEqualTo("latin");
    assertThat(analyze("Привет, как дела? Hi").script()).isEqualTo("cyrillic");
    assertThat(analyze("请把这段话翻译成英文 ok").script()).isEqualTo("cjk");
    assertThat(analyze("これは日本語の文章です").script()).isEqualTo("cjk"); // hiragana + han together
    assertThat(analyze("안녕하세요").script()).isEqualTo("cjk");
    assertThat(analyze("مرحبا كيف حالك").script()).isEqualTo("arabic");
    assertThat(analyze("Καλημέρα").script()).isEqualTo("greek");
    assertThat(analyze("שלום עולם").script()).isEqualTo("hebrew");
    assertThat(analyze("नमस्ते दुनिया").script()).isEqualTo("devanagari");
    assertThat(analyze("สวัสดีครับ").script()).isEqualTo("thai");
    assertThat(analyze("Բարեւ").script()).isEqualTo("other"); // Armenian
    assertThat(analyze("1234 + 5678 = ?").script()).isEqualTo("latin"); // no letters at all
  }

  @Test
  void aHugePromptIsReadAtItsEnds() {
    String middle = "Привет ".repeat(100_000); // Cyrillic dominates the middle only
    String head = "x".repeat(PromptAnalyzer.WINDOW_CHARS);
    String text = head + middle + "Please prove it step by step.";
    PromptFeatures f = analyze(text);
    assertThat(f.script()).isEqualTo("latin");
    assertThat(f.reasoning()).isTrue();
    assertThat(PromptAnalyzer.window(text)).hasSize(2 * PromptAnalyzer.WINDOW_CHARS + 1);
    assertThat(PromptAnalyzer.window("short")).isEqualTo("short");
  }
}
