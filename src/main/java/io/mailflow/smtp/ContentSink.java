package io.mailflow.smtp;

/** Where decoded message content goes; the receiving side buffers it in memory or on disk. */
@FunctionalInterface
public interface ContentSink {

    /** Takes {@code len} decoded bytes; may throw UncheckedIOException when it cannot keep them. */
    void write(byte[] bytes, int off, int len);
}
