package io.mailflow.store.spool;

import io.mailflow.message.ContentSource;
import io.mailflow.message.ContentSpool;
import io.mailflow.message.MessageContent;
import io.mailflow.store.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's message content: bytes appended to segment files of
 * {@link #SEGMENT_SIZE} under {@code <data>/spool}, written once while DATA streams in (sessions
 * write large messages straight into reserved extents) or at the commit (small messages, which a
 * session holds in memory), and made durable by one {@link #sync()} per group commit, before the
 * index rows that point at them. A segment is deleted when no message, session or read needs it
 * any more, and only after the removal that made it unneeded is durable.
 *
 * <p>Thread-safety: sessions write their own extents concurrently (positional writes); the
 * counts and the active segment are guarded by one lock that no I/O runs under, except the rare
 * creation of the next segment file.
 */
public final class SegmentSpool implements ContentSpool, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentSpool.class);

    /** A segment takes new bytes until it holds this many (by default); larger extents start the next one. */
    public static final long SEGMENT_SIZE = 64L * 1024 * 1024;
    /** A session's first extent; each next one is twice as large, up to {@link #MAX_EXTENT}. */
    static final int FIRST_EXTENT = 256 * 1024;
    static final int MAX_EXTENT = 8 * 1024 * 1024;

    private final Path directory;
    private final Clock clock;
    private final long segmentSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, Segment> segments = new HashMap<>();
    private final List<Segment> unused = new ArrayList<>();
    /** Segments written since the last {@link #sync()}. */
    private final Set<Segment> dirty = ConcurrentHashMap.newKeySet();
    private Segment active;
    private long nextId;
    /** The sessions' write buffers ({@link SpoolWriter}): as many idle as sessions usually write at once. */
    final DirectBuffers writeBuffers = new DirectBuffers(SpoolWriter.BUFFER, 64);
    /** The store writer's: the small messages of a commit, gathered for one write each. */
    private final DirectBuffers appendBuffers = new DirectBuffers(APPEND_BUFFER, 4);
    private static final int APPEND_BUFFER = 256 * 1024;

    private SegmentSpool(Path directory, Clock clock, long segmentSize) {
        this.directory = directory;
        this.clock = clock;
        this.segmentSize = segmentSize;
    }

    /**
     * Opens the spool after a start or a crash. {@code referenced} is what the store's index says:
     * per segment id, how many messages and bytes it holds. Every other segment file is an orphan
     * (a message refused, or never committed before a crash) and is deleted now. New bytes go to a
     * new segment: one a crash may have left half written is never written to again.
     */
    public static SegmentSpool open(Path directory, Map<Long, Usage> referenced, Clock clock) throws IOException {
        return open(directory, referenced, clock, SEGMENT_SIZE);
    }

    /** As {@link #open(Path, Map, Clock)} with segments of another size (tests use small ones). */
    public static SegmentSpool open(Path directory, Map<Long, Usage> referenced, Clock clock, long segmentSize)
            throws IOException {
        PrivateFiles.directory(directory);
        SegmentSpool spool = new SegmentSpool(directory, clock, segmentSize);
        long maxId = 0;
        int orphans = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.toList()) {
                Long id = idOf(f);
                if (id == null) {
                    continue;
                }
                maxId = Math.max(maxId, id);
                Usage u = referenced.get(id);
                if (u == null) {
                    Files.delete(f);
                    orphans++;
                    continue;
                }
                Segment s = new Segment(id, f, FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE), Files.size(f));
                s.closed = true;
                s.closedAt = clock.millis();
                s.messages = u.messages();
                s.liveBytes = u.bytes();
                spool.segments.put(id, s);
            }
        }
        for (Long id : referenced.keySet()) {
            if (!spool.segments.containsKey(id)) {
                LOG.atError().addKeyValue("segment", id).log("the index names a spool segment that is missing");
            }
        }
        if (orphans > 0) {
            LOG.atInfo().addKeyValue("segments", orphans).log("removed spool segments no stored message needs");
        }
        spool.nextId = maxId + 1; // the first write starts a new segment (a reader, such as the CLI, creates none)
        return spool;
    }

    /** Messages and bytes of the index in one segment. */
    public record Usage(int messages, long bytes) {
    }

    private static Long idOf(Path file) {
        String n = file.getFileName().toString();
        if (!n.startsWith("seg-") || !n.endsWith(".spool")) {
            return null;
        }
        try {
            return Long.parseLong(n.substring(4, n.length() - 6), 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Starts a new active segment; the lock is held. */
    private void roll() throws IOException {
        if (active != null) {
            active.closed = true;
            active.closedAt = clock.millis();
            markIfUnused(active);
        }
        long id = nextId++;
        Path f = directory.resolve(String.format("seg-%016x.spool", id));
        FileChannel ch = FileChannel.open(f, java.util.EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), PrivateFiles.file());
        active = new Segment(id, f, ch, 0);
        segments.put(id, active);
    }

    /** A place of {@code length} bytes in the active segment (a new one when it is full); the lock is held. */
    private Placement reserve(long length) throws IOException {
        if (active == null || active.end > 0 && active.end + length > segmentSize) {
            roll();
        }
        Placement p = new Placement(active, active.end);
        active.end += length;
        return p;
    }

    /** Where reserved bytes go. */
    record Placement(Segment segment, long offset) {
    }

    @Override
    public Writer create() {
        return new SpoolWriter(this);
    }

    /** An extent for a session's writer, leased to it until its content is stored or released. */
    Placement reserveLeased(long length) throws IOException {
        lock.lock();
        try {
            Placement p = reserve(length);
            p.segment().leases++;
            return p;
        } finally {
            lock.unlock();
        }
    }

    /** A session's content is stored (the index holds it now) or dropped: its leases end. */
    void endLeases(List<Segment> leased) {
        lock.lock();
        try {
            for (Segment s : leased) {
                s.leases--;
                markIfUnused(s);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Bytes written at a placement, to be made durable by the next {@link #sync()}. */
    void wrote(Segment s) {
        dirty.add(s);
    }

    /**
     * For the store's writer: appends bytes held in memory (a small message, a header the gateway
     * added) and returns where they are. Durable after the next {@link #sync()}.
     */
    public SpoolRange append(byte[] b, int off, int len) throws IOException {
        return write(ByteBuffer.wrap(b, off, len));
    }

    /** Reserves room for the buffer's remaining bytes, writes them there and returns where they are. */
    private SpoolRange write(ByteBuffer buffer) throws IOException {
        int len = buffer.remaining();
        Placement p;
        lock.lock();
        try {
            p = reserve(len);
            p.segment().leases++; // until the index holds it: an append is always followed by its rows
        } finally {
            lock.unlock();
        }
        try {
            p.segment().write(buffer, p.offset());
        } finally {
            endLeases(List.of(p.segment()));
        }
        wrote(p.segment());
        return new SpoolRange(p.segment().id, p.offset(), len);
    }

    /**
     * As {@link #append(byte[], int, int)} for arrays one after the other (a header the gateway
     * added and the message's chunks), gathered into one direct buffer and written in one call.
     */
    public SpoolRange append(List<byte[]> parts) throws IOException {
        long total = 0;
        for (byte[] b : parts) {
            total += b.length;
        }
        if (parts.size() == 1 || total > APPEND_BUFFER) {
            byte[] joined = parts.size() == 1 ? parts.getFirst() : join(parts, (int) total);
            return append(joined, 0, joined.length);
        }
        ByteBuffer buffer = appendBuffers.take();
        try {
            for (byte[] b : parts) {
                buffer.put(b);
            }
            return write(buffer.flip());
        } finally {
            appendBuffers.give(buffer);
        }
    }

    private static byte[] join(List<byte[]> parts, int total) {
        byte[] joined = new byte[total];
        int at = 0;
        for (byte[] b : parts) {
            System.arraycopy(b, 0, joined, at, b.length);
            at += b.length;
        }
        return joined;
    }

    /** Makes every byte written so far durable: one fdatasync per segment written since the last call. */
    public void sync() throws IOException {
        for (Segment s : dirty) {
            dirty.remove(s); // before the force: a write after it marks the segment again
            s.channel.force(false);
        }
    }

    /** The spool range a piece of content is, when it is one of this spool's; else null (it must be copied in). */
    public SpoolRange rangeOf(MessageContent.Range r) {
        return r.source() instanceof Segment s && segmentOf(s.id) == s ? new SpoolRange(s.id, r.offset(), r.length()) : null;
    }

    private Segment segmentOf(long id) {
        lock.lock();
        try {
            return segments.get(id);
        } finally {
            lock.unlock();
        }
    }

    /** A stored message's content, read from its ranges; it borrows the spool (no owner). */
    public MessageContent read(List<SpoolRange> ranges) throws IOException {
        List<MessageContent.Range> out = new ArrayList<>(ranges.size());
        for (SpoolRange r : ranges) {
            Segment s = segmentOf(r.segment());
            if (s == null || s.deleted) {
                throw new IOException("spool segment " + r.segment() + " holding a stored message is missing");
            }
            out.add(new MessageContent.Range(s, r.offset(), r.length()));
        }
        return MessageContent.ofRanges(out, null);
    }

    /** The index now holds a message with these ranges (its commit succeeded). */
    public void referenced(List<SpoolRange> ranges) {
        count(ranges, +1);
    }

    /** The index no longer holds a message with these ranges (its removal committed). */
    public void unreferenced(List<SpoolRange> ranges) {
        count(ranges, -1);
    }

    private void count(List<SpoolRange> ranges, int sign) {
        lock.lock();
        try {
            Map<Segment, Long> bytes = new HashMap<>();
            for (SpoolRange r : ranges) {
                Segment s = segments.get(r.segment());
                if (s != null) {
                    bytes.merge(s, r.length(), Long::sum);
                }
            }
            bytes.forEach((s, n) -> {
                s.messages += sign;
                s.liveBytes += sign * n;
                markIfUnused(s);
            });
        } finally {
            lock.unlock();
        }
    }

    private void markIfUnused(Segment s) {
        if (s.unused() && !s.deleted && !unused.contains(s)) {
            unused.add(s);
        }
    }

    /**
     * For the store's writer, before a durable commit: the segments unused now, to delete once
     * that commit is durable (only then is the removal that made them unused sure to stay).
     */
    public Reclaim reclaimAfterDurableCommit() {
        lock.lock();
        try {
            List<Segment> candidates = List.copyOf(unused);
            unused.clear();
            return new Reclaim(candidates);
        } finally {
            lock.unlock();
        }
    }

    /** Segments to delete after a durable commit, or to give back when the commit failed. */
    public final class Reclaim {
        private final List<Segment> candidates;

        private Reclaim(List<Segment> candidates) {
            this.candidates = candidates;
        }

        /** The commit is durable: the segments go. */
        public void committed() {
            delete(candidates);
        }

        /** The commit failed: the segments wait for the next one. */
        public void abandoned() {
            lock.lock();
            try {
                candidates.forEach(SegmentSpool.this::markIfUnused);
            } finally {
                lock.unlock();
            }
        }
    }

    /** True when segments wait for a durable commit to be deleted. */
    public boolean hasReclaimable() {
        lock.lock();
        try {
            return !unused.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    private void delete(List<Segment> candidates) {
        for (Segment s : candidates) {
            lock.lock();
            try {
                if (!s.unused() || s.deleted) {
                    continue; // needed again since (it cannot be, but a count is cheaper to check than to trust)
                }
                s.deleted = true;
                segments.remove(s.id);
            } finally {
                lock.unlock();
            }
            dirty.remove(s);
            try {
                Files.deleteIfExists(s.path);
            } catch (IOException e) {
                LOG.atWarn().addKeyValue("segment", s).log("cannot delete a spool segment: {}", e.toString());
            }
            s.closeIfUnread();
        }
    }

    /**
     * A segment worth compacting now, or null: closed for at least {@code minAge}, needed by no
     * session, and holding live bytes of fewer than a quarter of its size. Such a segment is
     * mostly dead space kept on disk by a few messages still queued (deferred ones, typically);
     * copying those out lets it go.
     */
    public Long compactionCandidate(java.time.Duration minAge) {
        lock.lock();
        try {
            long now = clock.millis();
            for (Segment s : segments.values()) {
                if (s.closed && !s.deleted && s.leases == 0 && s.messages > 0 && s.liveBytes * 4 < s.end
                        && now - s.closedAt >= minAge.toMillis()) {
                    return s.id;
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Segment files on disk and their bytes, for the gauges. */
    public long[] usage() {
        lock.lock();
        try {
            long bytes = 0;
            for (Segment s : segments.values()) {
                bytes += s.end;
            }
            return new long[] {segments.size(), bytes};
        } finally {
            lock.unlock();
        }
    }

    /** The source for a segment id, for tests and compaction. */
    ContentSource source(long id) {
        return segmentOf(id);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            for (Segment s : segments.values()) {
                try {
                    s.channel.close();
                } catch (IOException ignored) {
                    // closing at shutdown
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
