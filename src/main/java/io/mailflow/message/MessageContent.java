package io.mailflow.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bytes of one message, with CRLF line endings and no dot-stuffing, as a sequence of pieces:
 * arrays in memory and ranges of {@linkplain ContentSource sources} (a temporary file, the
 * store's spool). Immutable. A message edited by the rules (a header changed, a disclaimer added)
 * is a new sequence that reuses the unchanged ranges of the original instead of copying them, so
 * a 36 MB message costs its changed parts only.
 *
 * <p>A content may own what its pieces live in (a temporary file it deletes, a place in the spool
 * it gives back): {@link #release()} lets go of it once nobody needs it. Contents
 * {@linkplain #withPrefix made by adding header lines} share that ownership; contents made from
 * parts of others ({@link #slice}, {@link #concat}) only borrow: they are valid as long as the
 * owner is not released, and {@link #selfContained()} says whether a content needs another.
 */
public final class MessageContent {

    /** What a content owns, let go of once by {@link #release()}. */
    @FunctionalInterface
    public interface Owner {
        void release();
    }

    /**
     * {@code length} bytes of an array from {@code offset}, or of a source. {@code noLeadingDots}:
     * no line that starts in the piece (its first byte counts as a line start) begins with a dot,
     * so that DATA can send the piece as it is, without dot-stuffing; false when nobody knows.
     */
    private record Piece(byte[] bytes, ContentSource source, long offset, long length, boolean noLeadingDots) {

        Piece(byte[] bytes, ContentSource source, long offset, long length) {
            this(bytes, source, offset, length, false);
        }

        /** Part of the piece; one that starts inside it may start with a dot that was not a line's first byte. */
        Piece slice(long from, long to) {
            return new Piece(bytes, source, offset + from, to - from, noLeadingDots && from == 0);
        }

        InputStream open() throws IOException {
            return bytes != null ? new ByteArrayInputStream(bytes, (int) offset, (int) length) : source.open(offset, length);
        }
    }

    private static final MessageContent EMPTY = new MessageContent(List.of(), List.of());

    private final List<Piece> pieces;
    private final List<OnceOwner> owners;
    private final long size;

    private MessageContent(List<Piece> pieces, List<OnceOwner> owners) {
        this.pieces = pieces;
        this.owners = owners;
        long n = 0;
        for (Piece p : pieces) {
            n += p.length();
        }
        this.size = n;
    }

    public static MessageContent ofBytes(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new MessageContent(List.of(new Piece(bytes, null, 0, bytes.length)), List.of());
    }

    /** The arrays one after the other, each whole; they must not change afterwards. */
    public static MessageContent ofArrays(List<byte[]> arrays) {
        List<Piece> out = new ArrayList<>(arrays.size());
        for (byte[] a : arrays) {
            if (a.length > 0) {
                out.add(new Piece(a, null, 0, a.length));
            }
        }
        return out.isEmpty() ? EMPTY : new MessageContent(List.copyOf(out), List.of());
    }

    /** Content held in a temporary file that {@link #release()} deletes. */
    public static MessageContent ofFile(Path file, long size) {
        return new MessageContent(List.of(new Piece(null, new FileSource(file), 0, size)),
                List.of(new OnceOwner(() -> deleteQuietly(file))));
    }

    /** Bytes of a source, one range after the other, owned by {@code owner} (or borrowed when it is null). */
    public static MessageContent ofRanges(List<Range> ranges, Owner owner) {
        List<Piece> out = new ArrayList<>(ranges.size());
        for (Range r : ranges) {
            if (r.length() > 0) {
                out.add(new Piece(null, r.source(), r.offset(), r.length()));
            }
        }
        return new MessageContent(List.copyOf(out), owner == null ? List.of() : List.of(new OnceOwner(owner)));
    }

    /** {@code length} bytes of {@code source} from {@code offset}. */
    public record Range(ContentSource source, long offset, long length) {
    }

    /** The contents one after the other; the result borrows what each owns. */
    public static MessageContent concat(MessageContent... parts) {
        List<Piece> out = new ArrayList<>();
        for (MessageContent c : parts) {
            out.addAll(c.pieces);
        }
        return new MessageContent(List.copyOf(out), List.of());
    }

    /** The same content with header lines (ending in CRLF) put before it; it shares what this content owns. */
    public MessageContent withPrefix(byte[] header) {
        List<Piece> out = new ArrayList<>(pieces.size() + 1);
        out.add(new Piece(header, null, 0, header.length));
        out.addAll(pieces);
        return new MessageContent(List.copyOf(out), owners);
    }

    /**
     * The same content, known to have no line that begins with a dot: what the DATA and BDAT
     * decoders can tell of a message as it arrives (they see every line start), so that its
     * delivery by DATA need not look for dots to stuff. It shares what this content owns.
     */
    public MessageContent withNoLeadingDots() {
        List<Piece> out = new ArrayList<>(pieces.size());
        for (Piece p : pieces) {
            out.add(new Piece(p.bytes(), p.source(), p.offset(), p.length(), true));
        }
        return new MessageContent(List.copyOf(out), owners);
    }

    /** The bytes [from, to) of this content, borrowing what it owns. */
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
        return new MessageContent(List.copyOf(out), List.of());
    }

    public long size() {
        return size;
    }

    /** True when the whole content is in memory ({@link #toByteArray()} is cheap). */
    public boolean inMemory() {
        return pieces.stream().allMatch(p -> p.bytes() != null);
    }

    /** True when the content needs no other content to stay valid: it is in memory or owns what it lives in. */
    public boolean selfContained() {
        return inMemory() || !owners.isEmpty();
    }

    /**
     * Each piece in order, for a writer that treats pieces differently (bytes to copy, ranges of a
     * source it may refer to): {@code bytes} is non-null for a piece in memory, else {@code range}.
     */
    public void forEachPiece(PieceVisitor visitor) throws IOException {
        for (Piece p : pieces) {
            if (p.bytes() != null) {
                visitor.bytes(p.bytes(), (int) p.offset(), (int) p.length());
            } else {
                visitor.range(new Range(p.source(), p.offset(), p.length()), p.noLeadingDots());
            }
        }
    }

    /** What {@link #forEachPiece} calls. */
    public interface PieceVisitor {
        void bytes(byte[] b, int off, int len) throws IOException;

        void range(Range range) throws IOException;

        /** A range; {@code noLeadingDots}: no line that starts in it begins with a dot (see {@link #withNoLeadingDots}). */
        default void range(Range range, boolean noLeadingDots) throws IOException {
            range(range);
        }
    }

    /** The bytes from the start; each source is read only when the stream reaches it. */
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

    /** Writes the whole content to a channel; file ranges go by the kernel where the target allows. */
    public void transferTo(WritableByteChannel target) throws IOException {
        for (Piece p : pieces) {
            if (p.bytes() != null) {
                ByteBuffer b = ByteBuffer.wrap(p.bytes(), (int) p.offset(), (int) p.length());
                while (b.hasRemaining()) {
                    target.write(b);
                }
            } else {
                p.source().transferTo(p.offset(), p.length(), target);
            }
        }
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
            throw new IllegalStateException("content is not in memory");
        }
        return pieces.stream().map(p -> ByteBuffer.wrap(p.bytes(), (int) p.offset(), (int) p.length())).toArray(ByteBuffer[]::new);
    }

    /** Reads at most {@code max} leading bytes, e.g. to parse the header section; no larger than the content. */
    public byte[] head(int max) {
        byte[] out = new byte[(int) Math.min(max, size)];
        try (InputStream in = open()) {
            int n = in.readNBytes(out, 0, out.length);
            return n == out.length ? out : java.util.Arrays.copyOf(out, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The header section with the empty line that ends it, or, when there is none in the first
     * {@code max} bytes, those bytes (all of a shorter content). Read in growing steps, since a
     * header is a few KiB where {@code max} (the header size limit) is hundreds: reading {@code max}
     * bytes of every large message to find its header cost a quarter of a MiB read and allocated
     * per message.
     */
    public byte[] headerSection(int max) {
        int want = (int) Math.min(max, size);
        byte[] out = new byte[Math.min(want, 8192)];
        int have = 0;
        try (InputStream in = open()) {
            while (true) {
                int n = in.readNBytes(out, have, out.length - have);
                int searchFrom = Math.max(0, have - 3);
                have += n;
                int end = endOfHeader(out, searchFrom, have);
                if (end >= 0) {
                    return java.util.Arrays.copyOf(out, end);
                }
                if (n == 0 || have >= want) {
                    return have == out.length ? out : java.util.Arrays.copyOf(out, have);
                }
                if (have == out.length) {
                    out = java.util.Arrays.copyOf(out, (int) Math.min(want, 4L * out.length));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the header section ends (after its empty line) if that is in [from, to), or -1. */
    private static int endOfHeader(byte[] b, int from, int to) {
        if (from == 0 && to >= 2 && b[0] == '\r' && b[1] == '\n') {
            return 2; // no header fields at all
        }
        for (int i = from; i + 3 < to; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    /** Lets go of what this content owns (a temporary file, a place in the spool), once. */
    public void release() {
        owners.forEach(OnceOwner::release);
    }

    /** An owner released at most once, whichever of the contents sharing it releases first. */
    private static final class OnceOwner {
        private final Owner owner;
        private final AtomicBoolean released = new AtomicBoolean();

        OnceOwner(Owner owner) {
            this.owner = owner;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                owner.release();
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file is removed at the next start
        }
    }

    /** A temporary file, opened for each read. */
    private record FileSource(Path file) implements ContentSource {

        @Override
        public InputStream open(long offset, long length) throws IOException {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            ch.position(offset);
            return new BoundedInputStream(java.nio.channels.Channels.newInputStream(ch), length);
        }

        @Override
        public void transferTo(long offset, long length, WritableByteChannel target) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                transferFully(ch, offset, length, target);
            }
        }
    }

    /** {@link FileChannel#transferTo} until all {@code length} bytes are written (it may do fewer per call). */
    public static void transferFully(FileChannel ch, long offset, long length, WritableByteChannel target) throws IOException {
        long done = 0;
        while (done < length) {
            long n = ch.transferTo(offset + done, length - done, target);
            if (n <= 0 && ch.size() < offset + length) {
                throw new IOException("the content is shorter than its record says (" + ch.size() + " < " + (offset + length) + ")");
            }
            done += n;
        }
    }

    /** At most {@code limit} bytes of a stream that may hold more. */
    public static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        public BoundedInputStream(InputStream in, long limit) {
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
