package io.mailflow.receive;

import io.mailflow.smtp.ContentSink;
import io.mailflow.store.MessageContent;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Collects a message's content as it arrives: in memory up to a threshold, then in a temporary
 * file, so a thousand sessions receiving large messages do not exhaust the heap.
 */
final class ContentBuffer implements ContentSink {

    static final int MEMORY_THRESHOLD = 256 * 1024;

    private final Path spillDirectory;
    private byte[] bytes = new byte[8192];
    private int length;
    private Path file;
    private OutputStream out;
    private long size;
    private IOException failure;

    ContentBuffer(Path spillDirectory) {
        this.spillDirectory = spillDirectory;
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
                file = Files.createTempFile(spillDirectory, "rcv-", ".eml");
                out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
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
        if (out != null) {
            out.close();
            out = null;
            return MessageContent.ofFile(file, size);
        }
        return MessageContent.ofBytes(Arrays.copyOf(bytes, length));
    }

    /** Drops what was collected (a refused message). */
    void discard() {
        try {
            if (out != null) {
                out.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // leftover temporary files are removed at the next start
        }
        bytes = null;
        out = null;
    }
}
