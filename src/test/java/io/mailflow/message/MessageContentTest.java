package io.mailflow.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageContentTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A source in memory, so that the pieces of a content are ranges as in the spool. */
    private record Source(byte[] bytes) implements ContentSource {
        @Override
        public InputStream open(long offset, long length) {
            return new ByteArrayInputStream(bytes, (int) offset, (int) length);
        }

        @Override
        public void transferTo(long offset, long length, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }
    }

    private static MessageContent ranges(String text) {
        byte[] b = bytes(text);
        return MessageContent.ofRanges(List.of(new MessageContent.Range(new Source(b), 0, b.length)), null);
    }

    /** For each range piece, whether it is marked as holding no line that begins with a dot. */
    private static List<Boolean> marks(MessageContent c) throws IOException {
        List<Boolean> out = new ArrayList<>();
        c.forEachPiece(new MessageContent.PieceVisitor() {
            @Override
            public void bytes(byte[] b, int off, int len) {
            }

            @Override
            public void range(MessageContent.Range range) {
                throw new AssertionError("the two-argument form is called");
            }

            @Override
            public void range(MessageContent.Range range, boolean noLeadingDots) {
                out.add(noLeadingDots);
            }
        });
        return out;
    }

    @Test
    void theHeaderSectionShouldEndAfterItsEmptyLineAndBeReadInStepsBeyondTheFirst() {
        String header = "Subject: x\r\n" + "X-Long: " + "y".repeat(20_000) + "\r\n\r\n";
        MessageContent c = ranges(header + "body\r\n".repeat(100_000));

        assertThat(new String(c.headerSection(256 * 1024), StandardCharsets.US_ASCII)).isEqualTo(header);
    }

    @Test
    void withoutAnEmptyLineTheHeaderSectionShouldBeTheFirstMaxBytesOrTheWholeContent() {
        assertThat(ranges("Subject: x\r\n" + "z".repeat(50_000)).headerSection(1000)).hasSize(1000);
        assertThat(ranges("Subject: only a header\r\n").headerSection(1000)).isEqualTo(bytes("Subject: only a header\r\n"));
        assertThat(ranges("\r\nbody\r\n").headerSection(1000)).as("no header fields").isEqualTo(bytes("\r\n"));
        assertThat(MessageContent.ofBytes(new byte[0]).headerSection(1000)).isEmpty();
    }

    @Test
    void theMarkShouldSurviveAPrefixAndAConcatenationButNotASliceThatStartsInsideAPiece() throws IOException {
        MessageContent marked = ranges("a\r\nb.\r\n").withNoLeadingDots();

        assertThat(marks(ranges("a\r\n"))).containsExactly(false);
        assertThat(marks(marked)).containsExactly(true);
        assertThat(marks(marked.withPrefix(bytes("Received: x\r\n")))).containsExactly(true);
        assertThat(marks(MessageContent.concat(marked, ranges("c\r\n")))).containsExactly(true, false);
        assertThat(marks(marked.slice(0, 3))).as("from the piece's start").containsExactly(true);
        assertThat(marks(marked.slice(4, 7))).as("\".\\r\\n\" starts with a dot that was inside a line").containsExactly(false);
    }

    @Test
    void contentInArraysShouldReadAsTheArraysOneAfterTheOther() {
        MessageContent c = MessageContent.ofArrays(List.of(bytes("ab"), new byte[0], bytes("cd")));

        assertThat(c.size()).isEqualTo(4);
        assertThat(c.inMemory()).isTrue();
        assertThat(c.toByteArray()).isEqualTo(bytes("abcd"));
    }
}
