package io.mailflow.receive;

import io.mailflow.smtp.ContentSink;
import io.mailflow.message.MessageContent;
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

    /** Opens the spill file: the file system's stream, or in tests one on a disk that fills up. */
    @FunctionalInterface
    interface SpillOpener {
        OutputStream open(Path file) throws IOException;
    }

    private final Path spillDirectory;
    private final SpillOpener opener;
    private byte[] bytes = new byte[8192];
    private int length;
    private Path file;
    private OutputStream out;
    private long size;
    private IOException failure;

    ContentBuffer(Path spillDirectory) {
        this(spillDirectory, Files::newOutputStream);
    }

    ContentBuffer(Path spillDirectory, SpillOpener opener) {
        this.spillDirectory = spillDirectory;
        this.opener = opener;
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
                out = new BufferedOutputStream(opener.open(file), 64 * 1024);
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
        OutputStream o = out;
        out = null;
        boolean closed = false;
        try {
            o.close(); // flushes the last octets: where a full disk shows
            closed = true;
        } finally {
            if (!closed) {
                deleteFile(); // the file is incomplete and nobody else will remove it before the next start
            }
        }
        return MessageContent.ofFile(file, size);
    }

    /** Drops what was collected (a refused message). */
    void discard() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // a full disk fails the final flush too; the file goes all the same
        } finally {
            out = null;
            bytes = null;
            deleteFile();
        }
    }

    private void deleteFile() {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // leftover temporary files are removed at the next start
        }
        file = null;
    }
}
