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
    private static final int FIRST_CHUNK = 8192;
    private static final int CHUNK = 32 * 1024;

    private final ContentSpool spool;
    /**
     * Arrays of the content in memory, each full but the last: a growing message is never copied
     * to grow (doubling one array copied a 100 KiB message about twice over).
     */
    private final java.util.List<byte[]> chunks = new java.util.ArrayList<>(4);
    private byte[] bytes = new byte[FIRST_CHUNK];
    private int used;
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
                for (byte[] c : chunks) {
                    out.write(c, 0, c.length);
                }
                out.write(bytes, 0, used);
                out.write(b, off, len);
                chunks.clear();
                bytes = null;
                return;
            }
            length += len;
            while (len > 0) {
                if (used == bytes.length) {
                    chunks.add(bytes);
                    bytes = new byte[CHUNK];
                    used = 0;
                }
                int n = Math.min(len, bytes.length - used);
                System.arraycopy(b, off, bytes, used, n);
                used += n;
                off += n;
                len -= n;
            }
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

    /**
     * The collected content; the buffer must not be written to afterwards. {@code leadingDot}: the
     * decoder saw a line that begins with a dot; without one, the content is marked so that DATA
     * sends it to the next hop as it is.
     */
    MessageContent finish(boolean leadingDot) throws IOException {
        MessageContent content;
        if (out == null) {
            chunks.add(Arrays.copyOf(bytes, used));
            content = MessageContent.ofArrays(chunks);
        } else {
            ContentSpool.Writer w = out;
            out = null;
            content = w.finish();
        }
        return leadingDot ? content : content.withNoLeadingDots();
    }

    /** Drops what was collected (a refused message). */
    void discard() {
        if (out != null) {
            out.discard();
            out = null;
        }
        chunks.clear();
        bytes = null;
    }
}
