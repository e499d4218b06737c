package dev.sluice.core.dialect.openai;

import dev.sluice.core.model.Usage;
import dev.sluice.core.stream.SseParser;
import dev.sluice.core.stream.StreamTransducer;
import java.util.function.Consumer;

/** OpenAI caller, OpenAI-protocol provider: SSE framing plus {@link OpenAiStreamRelay}'s minimal edits. */
public final class OpenAiPassthroughStream implements StreamTransducer {
  private final OpenAiStreamRelay relay;
  private final SseParser parser;
  private Consumer<byte[]> step;

  public OpenAiPassthroughStream(boolean clientWantsUsage) {
    this.relay = new OpenAiStreamRelay(clientWantsUsage);
    this.parser = new SseParser(event -> step.accept(relay.onEvent(event)));
  }

  @Override
  public void feed(byte[] bytes, int offset, int length, Consumer<byte[]> step) {
    this.step = step;
    parser.feed(bytes, offset, length);
  }

  @Override
  public void endOfInput(Consumer<byte[]> step) {
    this.step = step;
    parser.endOfInput();
  }

  @Override
  public boolean overflowed() {
    return parser.overflowed();
  }

  @Override
  public Usage usage() {
    return relay.usage();
  }

  @Override
  public boolean failed() {
    return relay.failed();
  }

  @Override
  public String errorMessage() {
    return relay.errorMessage();
  }

  @Override
  public boolean started() {
    return relay.sawFirstContent() || relay.finishReason() != null;
  }

  @Override
  public boolean done() {
    return relay.done();
  }

  @Override
  public long contentEvents() {
    return relay.contentEvents();
  }
}
