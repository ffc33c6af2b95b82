package io.mailflow.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * The bytes of one message, with CRLF line endings and no dot-stuffing, as a sequence of pieces:
 * arrays in memory and ranges of files. Immutable. A message edited by the rules (a header
 * changed, a disclaimer added) is a new sequence that reuses the unchanged ranges of the original
 * instead of copying them, so a 36 MB message costs its changed parts only.
 *
 * <p>A content made from a temporary file owns it, and {@link #release()} deletes it; contents
 * {@linkplain #withPrefix made by adding header lines} share that ownership. A content made from
 * parts of another ({@link #slice}, {@link #concat}) only borrows its files: it is valid as long
 * as the owner is not released, and {@link #selfContained()} says so.
 */
public final class MessageContent {

    /** One piece: {@code length} bytes of an array, or of a file from {@code offset}. */
    private record Piece(byte[] bytes, Path file, long offset, long length, boolean owned) {

        Piece slice(long from, long to) {
            return new Piece(bytes, file, offset + from, to - from, false);
        }

        InputStream open() throws IOException {
            if (bytes != null) {
                return new ByteArrayInputStream(bytes, (int) offset, (int) length);
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            ch.position(offset);
            return new BoundedInputStream(Channels.newInputStream(ch), length);
        }
    }

    private static final MessageContent EMPTY = new MessageContent(List.of());

    private final List<Piece> pieces;
    private final long size;

    private MessageContent(List<Piece> pieces) {
        this.pieces = pieces;
        long n = 0;
        for (Piece p : pieces) {
            n += p.length();
        }
        this.size = n;
    }

    public static MessageContent ofBytes(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new MessageContent(List.of(new Piece(bytes, null, 0, bytes.length, false)));
    }

    /** Content held in a temporary file that {@link #release()} deletes. */
    public static MessageContent ofFile(Path file, long size) {
        return new MessageContent(List.of(new Piece(null, file, 0, size, true)));
    }

    /** The contents one after the other; the result borrows the files of each. */
    public static MessageContent concat(MessageContent... parts) {
        List<Piece> out = new ArrayList<>();
        for (MessageContent c : parts) {
            for (Piece p : c.pieces) {
                out.add(p.owned() ? p.slice(0, p.length()) : p);
            }
        }
        return new MessageContent(List.copyOf(out));
    }

    /** The same content with header lines (ending in CRLF) put before it; it shares this content's files. */
    public MessageContent withPrefix(byte[] header) {
        List<Piece> out = new ArrayList<>(pieces.size() + 1);
        out.add(new Piece(header, null, 0, header.length, false));
        out.addAll(pieces);
        return new MessageContent(List.copyOf(out));
    }

    /** The bytes [from, to) of this content, borrowing its files. */
    public MessageContent slice(long from, long to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + size);
        }
        List<Piece> out = new ArrayList<>();
        long at = 0;
        for (Piece p : pieces) {
            long start = Math.max(from, at);
            long end = Math.min(to, at + p.length());
            if (start < end) {
                out.add(p.slice(start - at, end - at));
            }
            at += p.length();
        }
        return new MessageContent(List.copyOf(out));
    }

    public long size() {
        return size;
    }

    /** True when the whole content is in memory ({@link #toByteArray()} is cheap). */
    public boolean inMemory() {
        return pieces.stream().allMatch(p -> p.bytes() != null);
    }

    /** True when the content needs no other content to stay alive: it is in memory or owns its files. */
    public boolean selfContained() {
        return pieces.stream().allMatch(p -> p.bytes() != null || p.owned());
    }

    /** The bytes from the start; each file is opened only when the stream reaches it. */
    public InputStream open() {
        var it = pieces.iterator();
        return new java.io.SequenceInputStream(new Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return it.hasNext();
            }

            @Override
            public InputStream nextElement() {
                try {
                    return it.next().open();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    /** The whole content as one array; meant for messages that fit in memory comfortably. */
    public byte[] toByteArray() {
        if (pieces.size() == 1 && pieces.getFirst().bytes() != null && pieces.getFirst().offset() == 0
                && pieces.getFirst().length() == pieces.getFirst().bytes().length) {
            return pieces.getFirst().bytes();
        }
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The in-memory content as buffers for a gathering write; only when {@link #inMemory()}. */
    public ByteBuffer[] buffers() {
        if (!inMemory()) {
            throw new IllegalStateException("content is in a file");
        }
        return pieces.stream().map(p -> ByteBuffer.wrap(p.bytes(), (int) p.offset(), (int) p.length())).toArray(ByteBuffer[]::new);
    }

    /** Reads at most {@code max} leading bytes, e.g. to parse the header section. */
    public byte[] head(int max) {
        try (InputStream in = open()) {
            return in.readNBytes(max);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the temporary files this content owns, if any. */
    public void release() {
        for (Piece p : pieces) {
            if (p.owned()) {
                try {
                    Files.deleteIfExists(p.file());
                } catch (IOException ignored) {
                    // a leftover temporary file is removed at the next start
                }
            }
        }
    }

    /** At most {@code limit} bytes of a stream that may hold more. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, left));
            left -= s;
            return s;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }
    }
}
