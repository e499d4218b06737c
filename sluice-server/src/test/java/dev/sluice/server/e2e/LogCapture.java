package dev.sluice.server.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Everything the in-process gateway logs while open, rendered as text (message, arguments, exception messages
 * and stack frames), for secret-leak greps. Attached synchronously to the root logger, next to the configured
 * async appender, and with the gateway's own loggers turned down to TRACE so debug-only lines are searched too.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private static final String[] OURS = {"dev.sluice", "sluice", "io.vertx", "io.netty"};
  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
  private final Map<String, Level> previous = new HashMap<>();
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

  static LogCapture attach() {
    LogCapture capture = new LogCapture();
    capture.setContext(capture.context);
    capture.setName("test-capture");
    capture.start();
    capture.context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
    for (String name : OURS) {
      Logger logger = capture.context.getLogger(name);
      capture.previous.put(name, logger.getLevel());
      logger.setLevel(name.startsWith("io.") ? Level.DEBUG : Level.TRACE);
    }
    return capture;
  }

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
      for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
        line.append(' ').append(frame.getSTEAsString());
      }
    }
    lines.add(line.toString());
  }

  /** All captured text, one event per line. */
  String text() {
    return String.join("\n", lines);
  }

  int size() {
    return lines.size();
  }

  @Override
  public void close() {
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
    previous.forEach((name, level) -> context.getLogger(name).setLevel(level));
    stop();
  }
}
