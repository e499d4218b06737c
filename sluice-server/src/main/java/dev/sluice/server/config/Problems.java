package dev.sluice.server.config;

import java.util.ArrayList;
import java.util.List;

/** Collects problems for one configuration source while it is checked, so all of them reach the user. */
final class Problems {

  private final String file;
  private final List<ConfigProblem> list = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  void add(String path, String message, String fix) {
    list.add(new ConfigProblem(file, path, message, fix));
  }

  /** A mark to compare with later, to tell whether a section added problems. */
  int count() {
    return list.size();
  }

  void throwIfAny() {
    if (!list.isEmpty()) {
      throw new ConfigException(list);
    }
  }
}
