package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.message.ContentSpool;
import io.mailflow.message.MessageContent;
import io.mailflow.store.spool.SegmentSpool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A message larger than the memory threshold goes into the spool as it arrives; a small one stays in memory. */
class ContentBufferTest {

    private static final int LARGE = 300_000;

    @TempDir
    Path dir;

    private long segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void aLargeMessageShouldGoIntoTheSpoolWithEveryOctet() throws IOException {
        byte[] message = new byte[LARGE];
        new Random(3).nextBytes(message);
        try (SegmentSpool spool = SegmentSpool.open(dir, Map.of(), Clock.systemUTC())) {
            ContentBuffer buffer = new ContentBuffer(spool);
            for (int at = 0; at < LARGE; at += 1000) {
                buffer.write(message, at, Math.min(1000, LARGE - at));
            }
            MessageContent content = buffer.finish(true);
            assertThat(content.inMemory()).isFalse();
            assertThat(segmentFiles()).isEqualTo(1);
            assertThat(content.toByteArray()).isEqualTo(message);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.toList()).singleElement().satisfies(f -> assertThat(
                        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------"));
            }
        }
    }

    @Test
    void aSmallMessageShouldStayInMemoryAndTouchNoFile() throws IOException {
        try (SegmentSpool spool = SegmentSpool.open(dir, Map.of(), Clock.systemUTC())) {
            ContentBuffer buffer = new ContentBuffer(spool);
            buffer.write(new byte[4096], 0, 4096);
            assertThat(buffer.finish(true).inMemory()).isTrue();
            assertThat(segmentFiles()).isZero();
        }
    }

    @Test
    void aWriteThatFailsShouldBeReportedAtTheEndAndTheRestIgnored() {
        int[] discarded = {0};
        ContentSpool fullDisk = () -> new ContentSpool.Writer() {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public MessageContent finish() {
                throw new AssertionError("a failed buffer is never finished");
            }

            @Override
            public void discard() {
                discarded[0]++;
            }
        };
        ContentBuffer buffer = new ContentBuffer(fullDisk);
        buffer.write(new byte[LARGE], 0, LARGE);
        buffer.write(new byte[100], 0, 100);
        assertThat(buffer.failure()).as("the disk filled up during the message").hasMessageContaining("No space left");
        assertThat(buffer.size()).as("the client's octets are still counted").isEqualTo(LARGE + 100);
        buffer.discard(); // the message is refused with 451
        assertThat(discarded[0]).isEqualTo(1);
    }
}
