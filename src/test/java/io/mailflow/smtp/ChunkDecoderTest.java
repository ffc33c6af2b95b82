package io.mailflow.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.smtp.CommandDecoder.Line;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkDecoderTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;

    private final ByteArrayOutputStream stored = new ByteArrayOutputStream();
    private final SmtpInput in = new SmtpInput();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private ChunkDecoder decoder(long maxSize, boolean normalize) {
        return new ChunkDecoder(maxSize, normalize, stored::write);
    }

    private void feed(String s) {
        byte[] b = bytes(s);
        in.feed(b, 0, b.length);
    }

    private String content() {
        return new String(stored.toByteArray(), StandardCharsets.UTF_8);
    }

    /** Reads a whole BDAT chunk of {@code count} octets, as the session would: take until done. */
    private static void readChunk(ChunkDecoder d, SmtpInput in, long count) {
        long left = count;
        while (left > 0) {
            long took = d.take(in, left);
            assertThat(took).as("the chunk's bytes have all been fed").isPositive();
            left -= took;
        }
    }

    /** Sends each chunk as "BDAT n" data, whole, then finish(). */
    private ChunkDecoder chunks(long maxSize, boolean normalize, String... chunks) {
        ChunkDecoder d = decoder(maxSize, normalize);
        for (String c : chunks) {
            byte[] b = bytes(c);
            in.feed(b, 0, b.length);
            readChunk(d, in, b.length);
        }
        d.finish();
        return d;
    }

    @Test
    void takeShouldTakeExactlyRequestedCountWhenMoreIsBuffered() {
        ChunkDecoder d = decoder(NO_LIMIT, false);
        feed("Subject: x\r\n\r\nbodyQUIT\r\n");

        long took = d.take(in, 18);

        assertThat(took).isEqualTo(18);
        assertThat(content()).isEqualTo("Subject: x\r\n\r\nbody");
        assertThat(in.available()).isEqualTo("QUIT\r\n".length());
        assertThat(new CommandDecoder(100, false).next(in)).isEqualTo(new Line.Text("QUIT"));
    }

    @Test
    void takeShouldTakeWhatIsBufferedWhenLessThanRequestedHasArrived() {
        ChunkDecoder d = decoder(NO_LIMIT, false);
        feed("abc");

        assertThat(d.take(in, 10)).isEqualTo(3);
        assertThat(in.available()).isZero();
        assertThat(d.take(in, 7)).as("nothing buffered").isZero();
        feed("defghijQUIT\r\n");
        assertThat(d.take(in, 7)).isEqualTo(7);
        d.finish();

        assertThat(content()).isEqualTo("abcdefghij");
        assertThat(d.size()).isEqualTo(10);
        assertThat(in.available()).isEqualTo("QUIT\r\n".length());
    }

    @Test
    void takeShouldNotInterpretDotsOrEndMarkersInChunk() {
        ChunkDecoder d = chunks(NO_LIMIT, false, "..x\r\n.\r\n", "end\r\n");

        assertThat(content()).isEqualTo("..x\r\n.\r\nend\r\n");
        assertThat(d.refusedForLineEndings()).isFalse();
    }

    @Test
    void takeShouldAcceptCrlfWhenItIsSplitAcrossTwoChunks() {
        ChunkDecoder d = chunks(NO_LIMIT, false, "line one\r", "\nline two\r\n");

        assertThat(d.refusedForLineEndings()).isFalse();
        assertThat(content()).isEqualTo("line one\r\nline two\r\n");
        assertThat(d.size()).isEqualTo(content().length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb\r\n", "a\rb\r\n", "\n", "a\r\r\n", "\r\n.\n", "\n.\r\n", "\r.\r\n"})
    void takeShouldRefuseForLineEndingsWhenChunkHoldsBareLfOrBareCr(String chunk) {
        ChunkDecoder d = chunks(NO_LIMIT, false, chunk);

        assertThat(d.refusedForLineEndings()).isTrue();
    }

    @Test
    void takeShouldRefuseForLineEndingsWhenBareLfOpensNextChunk() {
        ChunkDecoder d = chunks(NO_LIMIT, false, "a\r\n", "\nb\r\n");

        assertThat(d.refusedForLineEndings()).isTrue();
    }

    @Test
    void takeShouldRefuseForLineEndingsWhenChunkEndsInCrAndNextChunkDoesNotStartWithLf() {
        ChunkDecoder d = chunks(NO_LIMIT, false, "a\r", "b\r\n");

        assertThat(d.refusedForLineEndings()).isTrue();
    }

    @Test
    void finishShouldRefuseForLineEndingsWhenLastChunkEndsInCr() {
        ChunkDecoder d = decoder(NO_LIMIT, false);
        feed("body\r\nlast\r");
        readChunk(d, in, "body\r\nlast\r".length());

        d.finish();

        assertThat(d.refusedForLineEndings()).isTrue();
    }

    @Test
    void finishShouldStoreTrailingCrAsCrlfWhenNormalizing() {
        ChunkDecoder d = chunks(NO_LIMIT, true, "body\r\nlast\r");

        assertThat(d.refusedForLineEndings()).isFalse();
        assertThat(content()).isEqualTo("body\r\nlast\r\n");
    }

    @Test
    void takeShouldStoreBareLfAndBareCrAsCrlfWhenNormalizing() {
        ChunkDecoder d = chunks(NO_LIMIT, true, "a\nb\rc", "\r", "\nd\r", "e\n");

        assertThat(d.refusedForLineEndings()).isFalse();
        assertThat(content()).isEqualTo("a\r\nb\r\nc\r\nd\r\ne\r\n");
    }

    @Test
    void takeShouldKeepEveryLeadingDotAfterBareLfWhenNormalizing() {
        // BDAT content is not dot-stuffed (RFC 3030 §2): a leading dot is the sender's own text
        ChunkDecoder d = chunks(NO_LIMIT, true, "a\n..b\n.\r\n");

        assertThat(content()).isEqualTo("a\r\n..b\r\n.\r\n");
    }

    @Test
    void takeShouldRecordNul() {
        ChunkDecoder d = chunks(NO_LIMIT, false, "a\0b\r\n");

        assertThat(d.nul()).isTrue();
    }

    @Test
    void takeShouldNotRecordNulWhenContentHasNone() {
        ChunkDecoder d = chunks(NO_LIMIT, false, "plain text with ümlauts\r\n");

        assertThat(d.nul()).isFalse();
        assertThat(d.sizeExceeded()).isFalse();
        assertThat(content()).isEqualTo("plain text with ümlauts\r\n");
    }

    @Test
    void takeShouldFlagSizeExceededAndStillTakeEveryAnnouncedOctetWhenLimitIsPassed() {
        String chunk = "x".repeat(98) + "\r\n";
        ChunkDecoder d = chunks(250, false, chunk, chunk, chunk);
        feed("QUIT\r\n");

        assertThat(d.sizeExceeded()).isTrue();
        assertThat(d.size()).isEqualTo(300);
        assertThat(stored.size()).as("no more than the limit is kept").isLessThanOrEqualTo(250);
        assertThat(new CommandDecoder(100, false).next(in)).isEqualTo(new Line.Text("QUIT"));
    }

    @Test
    void takeShouldAcceptMessageWhenSizeEqualsLimit() {
        ChunkDecoder d = chunks(10, false, "1234", "5678\r\n");

        assertThat(d.sizeExceeded()).isFalse();
        assertThat(content()).isEqualTo("12345678\r\n");
    }

    @Test
    void takeShouldFlagSizeExceededWhenOneOctetOverLimit() {
        ChunkDecoder d = chunks(10, false, "12345", "6789\r\n");

        assertThat(d.sizeExceeded()).isTrue();
    }

    private static final byte[] CHUNK = bytes("From: <jörg@例え.jp>\r\n\r\n..body\r\n.\r\n\r\nend\r");
    private static final byte[] CHUNK2 = bytes("\nlast line\r\n");

    @Test
    void takeShouldGiveSameContentWhenChunkBytesArriveSplitAtEveryBytePosition() {
        byte[] wire = new byte[CHUNK.length + CHUNK2.length + 6];
        System.arraycopy(CHUNK, 0, wire, 0, CHUNK.length);
        System.arraycopy(CHUNK2, 0, wire, CHUNK.length, CHUNK2.length);
        System.arraycopy(bytes("QUIT\r\n"), 0, wire, CHUNK.length + CHUNK2.length, 6);
        String expected = "From: <jörg@例え.jp>\r\n\r\n..body\r\n.\r\n\r\nend\r\nlast line\r\n";

        for (int k = 0; k <= wire.length; k++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChunkDecoder d = new ChunkDecoder(NO_LIMIT, false, out::write);
            SmtpInput input = new SmtpInput();
            input.feed(wire, 0, k);
            long left1 = CHUNK.length;
            left1 -= d.take(input, left1);
            input.feed(wire, k, wire.length - k);
            readChunk(d, input, left1);
            readChunk(d, input, CHUNK2.length);
            d.finish();

            assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).as("split at %d", k).isEqualTo(expected);
            assertThat(d.refusedForLineEndings()).as("split at %d", k).isFalse();
            assertThat(d.size()).as("split at %d", k).isEqualTo(bytes(expected).length);
            assertThat(input.available()).as("split at %d", k).isEqualTo(6);
        }
    }

    @Test
    void takeShouldGiveSameContentWhenChunkIsTakenOneByteAtATime() {
        ChunkDecoder d = decoder(NO_LIMIT, false);
        byte[] all = Arrays.copyOf(CHUNK, CHUNK.length + CHUNK2.length);
        System.arraycopy(CHUNK2, 0, all, CHUNK.length, CHUNK2.length);
        for (byte b : all) {
            in.feed(new byte[] {b}, 0, 1);
            assertThat(d.take(in, 1)).isEqualTo(1);
        }
        d.finish();

        assertThat(content()).isEqualTo("From: <jörg@例え.jp>\r\n\r\n..body\r\n.\r\n\r\nend\r\nlast line\r\n");
        assertThat(d.refusedForLineEndings()).isFalse();
    }

    @Test
    void aLineThatBeginsWithADotShouldMarkTheContentWhereverTheChunksAreCut() {
        assertThat(chunks(NO_LIMIT, false, "Subject: x\r\n\r\nplain. text\r\n", "more.\r\n").leadingDot()).isFalse();
        assertThat(chunks(NO_LIMIT, false, ".first line\r\n").leadingDot()).isTrue();
        assertThat(chunks(NO_LIMIT, false, "a\r\n", ".b\r\n").leadingDot()).as("a line start at a chunk's start").isTrue();
        assertThat(chunks(NO_LIMIT, false, "a\r", "\n.b\r\n").leadingDot()).as("a CRLF cut by the chunks").isTrue();
        assertThat(chunks(NO_LIMIT, false, "a.\r\nb.", "c\r\n").leadingDot()).as("dots inside lines only").isFalse();
    }

    @Test
    void runsOfLinesShouldReachTheSinkInFewWritesAndUnchanged() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append("line ").append(i).append(" of the message\tend\r\n");
        }
        List<Integer> writes = new java.util.ArrayList<>();
        ChunkDecoder d = new ChunkDecoder(NO_LIMIT, false, (b, off, len) -> {
            writes.add(len);
            stored.write(b, off, len);
        });
        byte[] b = bytes(text.toString());
        in.feed(b, 0, b.length);
        readChunk(d, in, b.length);
        d.finish();

        assertThat(content()).isEqualTo(text.toString());
        assertThat(writes).as("one write for the whole run, not one per line").hasSize(1);
    }
}
