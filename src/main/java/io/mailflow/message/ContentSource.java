package io.mailflow.message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.WritableByteChannel;

/**
 * Where the bytes of a {@link MessageContent} piece live when they are not in memory: a
 * temporary file, or a segment of the store's spool. Reads are positional, so many readers may
 * share one source.
 */
public interface ContentSource {

    /** A stream of {@code length} bytes from {@code offset}; closing it ends this read. */
    InputStream open(long offset, long length) throws IOException;

    /**
     * Writes {@code length} bytes from {@code offset} to {@code target}, by the kernel where it can
     * (a file to a plain socket: {@code sendfile}); returns when all were written.
     */
    void transferTo(long offset, long length, WritableByteChannel target) throws IOException;
}
