package io.mailflow.store.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.message.ContentSpool;
import io.mailflow.message.MessageContent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments: written by sessions and the store, kept while anyone needs them, deleted only after a durable commit. */
class SegmentSpoolTest {

    private static final long SMALL_SEGMENT = 1024 * 1024;

    @TempDir
    Path dir;

    private SegmentSpool open(Map<Long, SegmentSpool.Usage> referenced) throws IOException {
        return SegmentSpool.open(dir, referenced, Clock.systemUTC(), SMALL_SEGMENT);
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes as a session does: pieces of every size, a line, a byte, a large block, in no order. */
    private static MessageContent write(ContentSpool spool, byte[] data) throws IOException {
        ContentSpool.Writer w = spool.create();
        Random sizes = new Random(data.length);
        int[] choices = {1, 2, 80, 1000, 8192, 65535, 65536, 65537, 200_000};
        for (int at = 0; at < data.length;) {
            int n = Math.min(choices[sizes.nextInt(choices.length)], data.length - at);
            w.write(data, at, n);
            at += n;
        }
        return w.finish();
    }

    /** The ranges a store would put in its index for a content of this spool. */
    private static List<SpoolRange> ranges(SegmentSpool spool, MessageContent c) throws IOException {
        List<SpoolRange> out = new ArrayList<>();
        c.forEachPiece(new MessageContent.PieceVisitor() {
            @Override
            public void bytes(byte[] b, int off, int len) throws IOException {
                out.add(spool.append(b, off, len));
            }

            @Override
            public void range(MessageContent.Range r) {
                out.add(spool.rangeOf(r));
            }
        });
        return out;
    }

    @Test
    void aWrittenContentShouldReadBackThroughItsRangesAfterReopening() throws IOException {
        byte[] data = random(2_500_000, 1); // several extents, across segments of 1 MiB
        List<SpoolRange> stored;
        try (SegmentSpool spool = open(Map.of())) {
            MessageContent c = write(spool, data);
            assertThat(c.toByteArray()).isEqualTo(data);
            stored = ranges(spool, c);
            spool.sync();
            spool.referenced(stored);
            c.release();
        }
        Map<Long, SegmentSpool.Usage> index = new java.util.HashMap<>();
        stored.forEach(r -> index.merge(r.segment(), new SegmentSpool.Usage(1, r.length()),
                (a, b) -> new SegmentSpool.Usage(1, a.bytes() + b.bytes())));
        try (SegmentSpool spool = open(index)) {
            assertThat(spool.read(stored).toByteArray()).isEqualTo(data);
        }
    }

    @Test
    void segmentsNoStoredMessageNeedsShouldBeDeletedWhenTheSpoolOpens() throws IOException {
        try (SegmentSpool spool = open(Map.of())) {
            write(spool, random(300_000, 2)); // a session that never reached its 250, then a crash
        }
        assertThat(segments()).hasSize(1);
        try (SegmentSpool spool = open(Map.of())) {
            assertThat(segments()).as("orphans are swept, and a reader creates no segment").isEmpty();
        }
    }

    @Test
    void anUnneededSegmentShouldGoOnlyAfterTheNextDurableCommit() throws IOException {
        try (SegmentSpool spool = open(Map.of())) {
            MessageContent first = write(spool, random(600_000, 3));
            List<SpoolRange> stored = ranges(spool, first);
            spool.referenced(stored);
            first.release();
            write(spool, random(SMALL_SEGMENT_PLUS, 4)).release(); // fills the segment: the next one starts
            assertThat(segments()).hasSizeGreaterThanOrEqualTo(2);
            Path firstSegment = segments().getFirst();

            spool.unreferenced(stored); // the removal is committed, but not yet durable
            assertThat(firstSegment).exists();
            assertThat(spool.hasReclaimable()).isTrue();
            SegmentSpool.Reclaim reclaim = spool.reclaimAfterDurableCommit();
            assertThat(firstSegment).as("not before the durable commit ends").exists();
            reclaim.committed();
            assertThat(firstSegment).doesNotExist();
        }
    }

    private static final int SMALL_SEGMENT_PLUS = (int) SMALL_SEGMENT;

    @Test
    void aSegmentStillLeasedToASessionShouldNotBeDeleted() throws IOException {
        try (SegmentSpool spool = open(Map.of())) {
            ContentSpool.Writer slow = spool.create(); // a client still sending its message
            slow.write(new byte[100_000], 0, 100_000); // more than the writer buffers: its extent is reserved
            write(spool, random(SMALL_SEGMENT_PLUS, 5)).release(); // another message fills the segment
            Path leased = segments().getFirst();
            spool.reclaimAfterDurableCommit().committed();
            assertThat(leased).exists();
            slow.write(new byte[1000], 0, 1000);
            MessageContent c = slow.finish();
            assertThat(c.size()).isEqualTo(101_000);
            c.release(); // refused at the end: nobody needs it now
            spool.reclaimAfterDurableCommit().committed();
            assertThat(leased).doesNotExist();
        }
    }

    @Test
    void aReadInProgressShouldSurviveTheDeletionOfItsSegment() throws IOException {
        byte[] data = random(400_000, 6);
        try (SegmentSpool spool = open(Map.of())) {
            MessageContent c = write(spool, data);
            List<SpoolRange> stored = ranges(spool, c);
            spool.referenced(stored);
            c.release();
            MessageContent read = spool.read(stored);
            write(spool, random(SMALL_SEGMENT_PLUS, 7)).release();
            try (var in = read.open()) {
                byte[] start = in.readNBytes(1000);
                spool.unreferenced(stored);
                spool.reclaimAfterDurableCommit().committed();
                byte[] rest = in.readAllBytes();
                assertThat(start.length + rest.length).isEqualTo(data.length);
                assertThat(rest[rest.length - 1]).isEqualTo(data[data.length - 1]);
            }
        }
    }
}
