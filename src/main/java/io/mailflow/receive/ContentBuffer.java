package io.mailflow.receive;

import io.mailflow.message.ContentSpool;
import io.mailflow.message.MessageContent;
import io.mailflow.smtp.ContentSink;
import java.io.IOException;
import java.util.Arrays;

/**
 * Collects a message's content as it arrives: in memory up to {@link #MEMORY_THRESHOLD}, then
 * straight into the store's spool, where it stays: a large message is written to disk once and
 * never held whole in the heap, however many sessions receive at once.
 */
final class ContentBuffer implements ContentSink {

    /** Held in memory up to this; the store appends it to the spool at the commit, in one write with others. */
    static final int MEMORY_THRESHOLD = 128 * 1024;

    private final ContentSpool spool;
    private byte[] bytes = new byte[8192];
    private int length;
    private ContentSpool.Writer out;
    private long size;
    private IOException failure;

    ContentBuffer(ContentSpool spool) {
        this.spool = spool;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        size += len;
        if (failure != null) {
            return;
        }
        try {
            if (out != null) {
                out.write(b, off, len);
                return;
            }
            if (length + len > MEMORY_THRESHOLD) {
                out = spool.create();
                out.write(bytes, 0, length);
                out.write(b, off, len);
                bytes = null;
                return;
            }
            if (length + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + len));
            }
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        } catch (IOException e) {
            failure = e; // reported at the end of the message, after the client sent all of it
        }
    }

    /** The I/O error that stopped the buffer from keeping the content, or null. */
    IOException failure() {
        return failure;
    }

    long size() {
        return size;
    }

    /** The collected content; the buffer must not be written to afterwards. */
    MessageContent finish() throws IOException {
        if (out == null) {
            return MessageContent.ofBytes(Arrays.copyOf(bytes, length));
        }
        ContentSpool.Writer w = out;
        out = null;
        return w.finish();
    }

    /** Drops what was collected (a refused message). */
    void discard() {
        if (out != null) {
            out.discard();
            out = null;
        }
        bytes = null;
    }
}
