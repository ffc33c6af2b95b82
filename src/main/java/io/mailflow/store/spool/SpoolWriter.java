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
 * once without copying into one another's way. What arrives in small pieces (a line at a time)
 * is gathered in a buffer of {@link #BUFFER} and written in one call. The finished content owns a
 * lease on its segments until it is stored or released.
 */
final class SpoolWriter implements ContentSpool.Writer {

    static final int BUFFER = 64 * 1024;

    private final SegmentSpool spool;
    private final List<Extent> extents = new ArrayList<>();
    private final List<Segment> leased = new ArrayList<>();
    private Extent current;
    private boolean done;
    private final byte[] buffer = new byte[BUFFER];
    private int buffered;

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
        if (buffered + len <= BUFFER) {
            System.arraycopy(b, off, buffer, buffered, len);
            buffered += len;
            return;
        }
        drain();
        if (len < BUFFER) {
            System.arraycopy(b, off, buffer, 0, len);
            buffered = len;
        } else {
            place(b, off, len);
        }
    }

    private void drain() throws IOException {
        if (buffered > 0) {
            place(buffer, 0, buffered);
            buffered = 0;
        }
    }

    /** Writes into the extents, reserving the next when one is full. */
    private void place(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (current == null || current.used == current.capacity) {
                next();
            }
            int n = (int) Math.min(len, current.capacity - current.used);
            current.segment.write(ByteBuffer.wrap(b, off, n), current.offset + current.used);
            current.used += n;
            off += n;
            len -= n;
        }
        spool.wrote(current.segment);
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
        drain();
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
            spool.endLeases(List.copyOf(leased));
        }
    }
}
