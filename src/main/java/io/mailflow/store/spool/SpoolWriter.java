package io.mailflow.store.spool;

import io.mailflow.message.ContentSpool;
import io.mailflow.message.MessageContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One session's message as it streams into the spool: extents of growing size (256 KiB, doubling
 * up to 8 MiB) reserved in the active segment and written by position, so many sessions write at
 * once without copying into one another's way. What arrives is gathered in a direct buffer of
 * {@link #BUFFER} (from the spool's pool) and written from it in one call: one copy of each byte
 * in the gateway, where a write from a heap array costs the JDK's copy into a direct buffer too.
 * The finished content owns a lease on its segments until it is stored or released.
 */
final class SpoolWriter implements ContentSpool.Writer {

    static final int BUFFER = 64 * 1024;

    private final SegmentSpool spool;
    private final List<Extent> extents = new ArrayList<>();
    private final List<Segment> leased = new ArrayList<>();
    private Extent current;
    private boolean done;
    /** Taken from the spool's pool at the first write, given back at the end. */
    private ByteBuffer buffer;

    /** A reserved place and how much of it is written. */
    private static final class Extent {
        final Segment segment;
        final long offset;
        final long capacity;
        long used;

        Extent(SegmentSpool.Placement p, long capacity) {
            this.segment = p.segment();
            this.offset = p.offset();
            this.capacity = capacity;
        }
    }

    SpoolWriter(SegmentSpool spool) {
        this.spool = spool;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (done) {
            throw new IllegalStateException("the writer is finished");
        }
        if (buffer == null) {
            buffer = spool.writeBuffers.take();
        }
        while (len > 0) {
            int n = Math.min(len, buffer.remaining());
            buffer.put(b, off, n);
            off += n;
            len -= n;
            if (!buffer.hasRemaining()) {
                drain();
            }
        }
    }

    /** Writes what the buffer holds into the extents, reserving the next when one is full. */
    private void drain() throws IOException {
        if (buffer == null || buffer.position() == 0) {
            return;
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
            if (current == null || current.used == current.capacity) {
                next();
            }
            int n = (int) Math.min(buffer.remaining(), current.capacity - current.used);
            current.segment.write(buffer.slice(buffer.position(), n), current.offset + current.used);
            buffer.position(buffer.position() + n);
            current.used += n;
        }
        buffer.clear();
        spool.wrote(current.segment);
    }

    private void giveBackBuffer() {
        if (buffer != null) {
            spool.writeBuffers.give(buffer);
            buffer = null;
        }
    }

    private void next() throws IOException {
        long size = current == null ? SegmentSpool.FIRST_EXTENT : Math.min(SegmentSpool.MAX_EXTENT, current.capacity * 2);
        SegmentSpool.Placement p = spool.reserveLeased(size);
        leased.add(p.segment());
        current = new Extent(p, size);
        extents.add(current);
    }

    @Override
    public MessageContent finish() throws IOException {
        try {
            drain();
        } finally {
            giveBackBuffer();
        }
        done = true;
        List<MessageContent.Range> ranges = new ArrayList<>();
        Extent run = null;
        long runLength = 0;
        for (Extent e : extents) {
            if (run != null && e.segment == run.segment && e.offset == run.offset + runLength) {
                runLength += e.used; // contiguous extents of one segment read as one range
                continue;
            }
            if (run != null) {
                ranges.add(new MessageContent.Range(run.segment, run.offset, runLength));
            }
            run = e;
            runLength = e.used;
        }
        if (run != null) {
            ranges.add(new MessageContent.Range(run.segment, run.offset, runLength));
        }
        List<Segment> leases = List.copyOf(leased);
        return MessageContent.ofRanges(ranges, () -> spool.endLeases(leases));
    }

    @Override
    public void discard() {
        if (!done) {
            done = true;
            giveBackBuffer();
            spool.endLeases(List.copyOf(leased));
        }
    }
}
