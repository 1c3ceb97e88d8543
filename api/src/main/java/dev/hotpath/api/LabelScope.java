package dev.hotpath.api;

import java.util.function.IntUnaryOperator;

/**
 * A labelled scope opened by {@link Hotpath#labels}; {@link #close} restores the labels in force when it was
 * opened. Closing twice, or on another thread than the one that opened it, does nothing.
 */
public final class LabelScope implements AutoCloseable {
  static final LabelScope NONE = new LabelScope(null, 0, null);

  private final IntUnaryOperator restore;
  private final int previous;
  private final Thread owner;
  private boolean closed;

  LabelScope(IntUnaryOperator restore, int previous, Thread owner) {
    this.restore = restore;
    this.previous = previous;
    this.owner = owner;
  }

  @Override
  public void close() {
    if (restore == null || closed || owner != Thread.currentThread()) {
      return;
    }
    closed = true;
    try {
      restore.applyAsInt(previous);
    } catch (Throwable t) {
      // The host never sees an exception from the profiler.
    }
  }
}
