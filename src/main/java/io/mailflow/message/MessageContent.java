package io.mailflow.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of one message, with CRLF line endings and no dot-stuffing: in memory, or in a
 * temporary file for large messages, optionally preceded by header lines this gateway added.
 * Immutable; {@link #release()} deletes a temporary file once nobody needs it.
 */
public final class MessageContent {

    private final byte[] prefix;
    private final byte[] bytes;
    private final Path file;
    private final long bodySize;

    private MessageContent(byte[] prefix, byte[] bytes, Path file, long bodySize) {
        this.prefix = prefix;
        this.bytes = bytes;
        this.file = file;
        this.bodySize = bodySize;
    }

    public static MessageContent ofBytes(byte[] bytes) {
        return new MessageContent(new byte[0], bytes, null, bytes.length);
    }

    /** Content held in a temporary file that {@link #release()} deletes. */
    public static MessageContent ofFile(Path file, long size) {
        return new MessageContent(new byte[0], null, file, size);
    }

    /** The same content with header lines (ending in CRLF) put before it. */
    public MessageContent withPrefix(byte[] header) {
        byte[] joined = new byte[header.length + prefix.length];
        System.arraycopy(header, 0, joined, 0, header.length);
        System.arraycopy(prefix, 0, joined, header.length, prefix.length);
        return new MessageContent(joined, bytes, file, bodySize);
    }

    public long size() {
        return prefix.length + bodySize;
    }

    /** True when the whole content, prefix included, is in memory ({@link #toByteArray()} is cheap). */
    public boolean inMemory() {
        return file == null;
    }

    public InputStream open() {
        InputStream head = new ByteArrayInputStream(prefix);
        try {
            InputStream body = file == null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
            return new SequenceInputStream(head, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole content as one array; meant for messages that fit in memory comfortably. */
    public byte[] toByteArray() {
        if (file == null && prefix.length == 0) {
            return bytes;
        }
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The in-memory content as buffers (prefix, body) for a gathering write; only when {@link #inMemory()}. */
    public ByteBuffer[] buffers() {
        if (file != null) {
            throw new IllegalStateException("content is in a file");
        }
        return new ByteBuffer[] {ByteBuffer.wrap(prefix), ByteBuffer.wrap(bytes)};
    }

    /** Reads at most {@code max} leading bytes, e.g. to parse the header section. */
    public byte[] head(int max) {
        try (InputStream in = open()) {
            return in.readNBytes(max);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the temporary file, if any. */
    public void release() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temporary file is removed at the next start
            }
        }
    }
}
