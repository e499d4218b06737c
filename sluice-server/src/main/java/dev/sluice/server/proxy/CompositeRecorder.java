package dev.sluice.server.proxy;

import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.core.usage.AttemptStart;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** Several recorders as one: an attempt begins when every recorder has accepted its start. */
public final class CompositeRecorder implements AttemptRecorder {
  private final List<AttemptRecorder> recorders;

  public CompositeRecorder(List<AttemptRecorder> recorders) {
    this.recorders = List.copyOf(recorders);
  }

  @Override
  public Future<Void> begin(AttemptStart start) {
    List<Future<Void>> begun = new ArrayList<>(recorders.size());
    for (AttemptRecorder r : recorders) {
      Future<Void> f = r.begin(start);
      if (!f.isComplete() || f.failed()) {
        begun.add(f);
      }
    }
    return begun.isEmpty() ? Future.succeededFuture() : Future.all(begun).mapEmpty();
  }

  @Override
  public void record(AttemptRecord record) {
    for (AttemptRecorder r : recorders) {
      r.record(record);
    }
  }
}
