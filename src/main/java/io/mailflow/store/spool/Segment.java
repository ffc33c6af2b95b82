package io.mailflow.store.spool;

import io.mailflow.message.ContentSource;
import io.mailflow.message.MessageContent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One segment file of the spool: message bytes appended one after the other, read by position.
 * Its counts say who still needs it: messages in the store's index, contents of sessions not yet
 * stored (leases) and reads in progress. The spool's lock guards every field but the atomic ones.
 */
final class Segment implements ContentSource {

    final long id;
    final Path path;
    final FileChannel channel;
    /** Bytes reserved so far; writes go below it. */
    long end;
    /** Messages of the store's index with bytes here. */
    int messages;
    /** Bytes of those messages here, for compaction. */
    long liveBytes;
    /** Contents written by sessions that are neither stored nor released yet. */
    int leases;
    /** No longer the segment new bytes go to. */
    boolean closed;
    /** The file is gone; the channel stays open until the last read ends. */
    boolean deleted;
    /** When the segment stopped taking new bytes (epoch ms), for compaction's age rule. */
    long closedAt;
    private final AtomicInteger readers = new AtomicInteger();

    Segment(long id, Path path, FileChannel channel, long end) {
        this.id = id;
        this.path = path;
        this.channel = channel;
        this.end = end;
    }

    /** Needed by nobody: no message, no session, no longer written to. */
    boolean unused() {
        return closed && messages == 0 && leases == 0;
    }

    void write(ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            position += channel.write(b, position);
        }
    }

    @Override
    public InputStream open(long offset, long length) {
        readers.incrementAndGet();
        return new RangeStream(offset, length);
    }

    @Override
    public void transferTo(long offset, long length, WritableByteChannel target) throws IOException {
        readers.incrementAndGet();
        try {
            MessageContent.transferFully(channel, offset, length, target);
        } finally {
            endRead();
        }
    }

    private void endRead() {
        if (readers.decrementAndGet() == 0 && deleted) {
            closeQuietly();
        }
    }

    /** Closes the channel once the file is deleted and no read is in progress. */
    void closeIfUnread() {
        if (readers.get() == 0) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is already gone
        }
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }

    /** A positional read of one range: readers of one segment never share a position. */
    private final class RangeStream extends InputStream {
        private long position;
        private final long end;
        private boolean closed;

        RangeStream(long offset, long length) {
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= end) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
            if (n < 0) {
                throw new IOException(Segment.this + " ends before the range " + position + ".." + end + " it holds");
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long s = Math.max(0, Math.min(n, end - position));
            position += s;
            return s;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                endRead();
            }
        }
    }
}
