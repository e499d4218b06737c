package dev.sluice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A markdown table built row by row. */
final class Md {
  private final List<String> lines = new ArrayList<>();

  Md(String... header) {
    lines.add("| " + String.join(" | ", header) + " |");
    StringBuilder sep = new StringBuilder("|");
    for (int i = 0; i < header.length; i++) {
      sep.append(i == 0 ? " --- |" : " ---: |");
    }
    lines.add(sep.toString());
  }

  Md row(Object... cells) {
    StringBuilder b = new StringBuilder("|");
    for (Object c : cells) {
      b.append(' ').append(c).append(" |");
    }
    lines.add(b.toString());
    return this;
  }

  @Override
  public String toString() {
    return String.join("\n", lines) + "\n";
  }

  static String us(long v) {
    return v < 0 ? "-" : Long.toString(v);
  }

  static String signed(long v) {
    return (v > 0 ? "+" : "") + v;
  }

  static String num(double v, int decimals) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  static String mib(long kib) {
    return kib < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
  }
}
