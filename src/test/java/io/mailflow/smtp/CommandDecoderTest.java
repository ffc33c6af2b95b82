package io.mailflow.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.smtp.CommandDecoder.Line;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandDecoderTest {

    private static final int LIMIT = 512;

    private static final Line TOO_LONG = new Line.TooLong();
    private static final Line BARE = new Line.BareLineEnding();
    private static final Line BAD = new Line.BadCharacters();
    private static final Line INCOMPLETE = new Line.Incomplete();

    private static Line text(String s) {
        return new Line.Text(s);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Feeds each piece in turn and collects every line the decoder gives (Incomplete excluded). */
    private static List<Line> decode(CommandDecoder decoder, SmtpInput in, byte[]... pieces) {
        List<Line> lines = new ArrayList<>();
        for (byte[] piece : pieces) {
            in.feed(piece, 0, piece.length);
            for (Line l = decoder.next(in); !(l instanceof Line.Incomplete); l = decoder.next(in)) {
                lines.add(l);
            }
        }
        return lines;
    }

    private static List<Line> decode(int limit, boolean normalize, byte[]... pieces) {
        return decode(new CommandDecoder(limit, normalize), new SmtpInput(), pieces);
    }

    private static List<Line> decode(byte[]... pieces) {
        return decode(LIMIT, false, pieces);
    }

    private static byte[][] oneByteAtATime(byte[] all) {
        byte[][] pieces = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            pieces[i] = new byte[] {all[i]};
        }
        return pieces;
    }

    private static byte[][] piecesOf(byte[] all, int size) {
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < all.length; i += size) {
            pieces.add(Arrays.copyOfRange(all, i, Math.min(all.length, i + size)));
        }
        return pieces.toArray(byte[][]::new);
    }

    @Test
    void nextShouldReturnCommandWithoutCrlfWhenLineEndsInCrlf() {
        SmtpInput in = new SmtpInput();
        List<Line> lines = decode(new CommandDecoder(LIMIT, false), in, bytes("EHLO client.example\r\n"));

        assertThat(lines).containsExactly(text("EHLO client.example"));
        assertThat(in.available()).isZero();
    }

    @Test
    void nextShouldReturnEveryPipelinedLineInOrderWhenSeveralArriveTogether() {
        SmtpInput in = new SmtpInput();
        CommandDecoder decoder = new CommandDecoder(LIMIT, false);

        List<Line> lines = decode(decoder, in, bytes("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\nQUI"));

        assertThat(lines).containsExactly(text("MAIL FROM:<a@b.example>"), text("RCPT TO:<c@d.example>"), text("DATA"));
        assertThat(decoder.next(in)).isEqualTo(INCOMPLETE);
        assertThat(in.available()).as("the partial QUIT stays buffered").isEqualTo(3);
    }

    @Test
    void nextShouldReturnIncompleteWhenNoCrlfHasArrivedYet() {
        SmtpInput in = new SmtpInput();
        CommandDecoder decoder = new CommandDecoder(LIMIT, false);

        in.feed(bytes("QUIT"), 0, 4);
        assertThat(decoder.next(in)).isEqualTo(INCOMPLETE);
        in.feed(bytes("\r"), 0, 1);
        assertThat(decoder.next(in)).as("a CR alone does not end the line").isEqualTo(INCOMPLETE);
        in.feed(bytes("\n"), 0, 1);
        assertThat(decoder.next(in)).isEqualTo(text("QUIT"));
        assertThat(decoder.next(in)).isEqualTo(INCOMPLETE);
    }

    @Test
    void nextShouldReturnIncompleteWhenInputIsEmpty() {
        assertThat(new CommandDecoder(LIMIT, false).next(new SmtpInput())).isEqualTo(INCOMPLETE);
    }

    @Test
    void nextShouldReturnEmptyTextWhenLineIsOnlyCrlf() {
        assertThat(decode(bytes("\r\n"))).containsExactly(text(""));
    }

    @Test
    void nextShouldReportBareLineEndingAndNotExecuteLineWhenLineEndsInBareLf() {
        assertThat(decode(bytes("RSET\nQUIT\r\n"))).containsExactly(BARE, text("QUIT"));
    }

    @Test
    void nextShouldAcceptBareLfLineWhenNormalizeBareLineFeedIsOn() {
        assertThat(decode(LIMIT, true, bytes("RSET\nQUIT\r\n"))).containsExactly(text("RSET"), text("QUIT"));
    }

    @Test
    void normalizeBareLineFeedShouldApplyToFollowingLinesWhenSwitched() {
        SmtpInput in = new SmtpInput();
        CommandDecoder decoder = new CommandDecoder(LIMIT, false);

        assertThat(decode(decoder, in, bytes("NOOP\n"))).containsExactly(BARE);
        decoder.normalizeBareLineFeed(true);
        assertThat(decode(decoder, in, bytes("NOOP\n"))).containsExactly(text("NOOP"));
        decoder.normalizeBareLineFeed(false);
        assertThat(decode(decoder, in, bytes("NOOP\n"))).containsExactly(BARE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAIL FROM:<a@b.example>\rRCPT TO:<c@d.example>\r\n", "\rNOOP\r\n", "NOOP\r\r\n", "\r\r\n"})
    void nextShouldReportBareLineEndingWhenCrIsInsideLine(String line) {
        assertThat(decode(bytes(line + "QUIT\r\n"))).containsExactly(BARE, text("QUIT"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAIL FROM:<a@b.example>\rRCPT TO:<c@d.example>\n", "NOOP\r\r\n"})
    void nextShouldReportBareLineEndingWhenCrIsInsideLineEvenWhenNormalizing(String line) {
        assertThat(decode(LIMIT, true, bytes(line + "QUIT\r\n"))).containsExactly(BARE, text("QUIT"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOOP\0x\r\n", "\0\r\n", "RCPT TO:<a@b.example>\0\r\n"})
    void nextShouldReportBadCharactersWhenLineHoldsNul(String line) {
        assertThat(decode(bytes(line + "QUIT\r\n"))).containsExactly(BAD, text("QUIT"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "C3 28", // lead byte followed by ASCII
        "FF", // never valid
        "C0 AF", // overlong '/'
        "E0 80 AF", // overlong '/'
        "ED A0 80", // UTF-16 surrogate
        "F4 90 80 80", // beyond U+10FFFF
        "80", // lone continuation byte
        "E2 82" // truncated sequence
    })
    void nextShouldReportBadCharactersWhenLineIsNotValidUtf8(String hex) {
        byte[] bad = hex(hex);
        byte[] line = concat(bytes("RCPT TO:<j"), bad, bytes("rg@example.jp>\r\nQUIT\r\n"));

        assertThat(decode(line)).containsExactly(BAD, text("QUIT"));
    }

    private static byte[] hex(String hex) {
        String[] parts = hex.split(" ");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"RCPT TO:<jörg@例え.jp>", "MAIL FROM:<😀@example.com> SMTPUTF8", "EHLO ünïcödé.example"})
    void nextShouldDecodeUtf8WhenLineIsValidUtf8(String command) {
        assertThat(decode(bytes(command + "\r\n"))).containsExactly(text(command));
    }

    @Test
    void nextShouldReportTooLongOnceThenDecodeNextLineWhenLineExceedsLimit() {
        byte[] input = bytes("X".repeat(200) + "\r\nQUIT\r\n");

        assertThat(decode(64, false, input)).containsExactly(TOO_LONG, text("QUIT"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 63, 64, 65, 100})
    void nextShouldReportTooLongOnceThenDecodeNextLineWhenLongLineArrivesInSmallPieces(int pieceSize) {
        byte[] input = bytes("MAIL FROM:<" + "a".repeat(1000) + "@example.com>\r\nNOOP\r\n");

        assertThat(decode(64, false, piecesOf(input, pieceSize))).containsExactly(TOO_LONG, text("NOOP"));
    }

    @Test
    void nextShouldReportTooLongOnceWhenLongLineHoldsBareLfAndCr() {
        byte[] input = bytes("X".repeat(100) + "\r" + "Y".repeat(100) + "\nQUIT\r\n");

        assertThat(decode(64, false, input)).containsExactly(TOO_LONG, text("QUIT"));
    }

    @Test
    void nextShouldNotBufferSkippedPartOfLongLineWhenMoreOfItArrives() {
        SmtpInput in = new SmtpInput();
        CommandDecoder decoder = new CommandDecoder(64, false);
        byte[] chunk = bytes("Z".repeat(1000));

        assertThat(decode(decoder, in, chunk)).containsExactly(TOO_LONG);
        for (int i = 0; i < 1000; i++) {
            in.feed(chunk, 0, chunk.length);
            assertThat(decoder.next(in)).isEqualTo(INCOMPLETE);
            assertThat(in.available()).as("skipped bytes are dropped, not kept").isZero();
        }
        assertThat(decode(decoder, in, bytes("\r\nQUIT\r\n"))).containsExactly(text("QUIT"));
    }

    @Test
    void nextShouldAcceptLineWhenItsLengthWithCrlfEqualsLimit() {
        String line = "N".repeat(14); // 16 octets with CRLF
        byte[] input = bytes(line + "\r\n");

        assertThat(decode(16, false, input)).containsExactly(text(line));
        assertThat(decode(16, false, oneByteAtATime(input))).containsExactly(text(line));
    }

    @Test
    void nextShouldReportTooLongWhenLineIsOneOctetOverLimit() {
        byte[] input = bytes("N".repeat(15) + "\r\nQUIT\r\n"); // 17 octets with CRLF

        assertThat(decode(16, false, input)).containsExactly(TOO_LONG, text("QUIT"));
        assertThat(decode(16, false, oneByteAtATime(input))).containsExactly(TOO_LONG, text("QUIT"));
    }

    @Test
    void nextShouldCountLimitInOctetsNotCharacters() {
        String line = "ö".repeat(10); // 10 characters, 20 octets, 22 with CRLF

        assertThat(decode(21, false, bytes(line + "\r\nQUIT\r\n"))).containsExactly(TOO_LONG, text("QUIT"));
        assertThat(decode(22, false, bytes(line + "\r\n"))).containsExactly(text(line));
    }

    /** A client session mixing every kind of line, with the lines a server must see. */
    private static final byte[] SESSION = concat(
            bytes("EHLO client.example\r\n"),
            bytes("MAIL FROM:<jörg@例え.jp> SMTPUTF8\r\n"),
            bytes("NOOP\n"),
            bytes("RCPT TO:<a\rb@c.example>\r\n"),
            bytes("VRFY \0\r\n"),
            concat(bytes("NOOP "), hex("C3 28"), bytes("\r\n")),
            bytes("RCPT TO:<" + "x".repeat(80) + "@example.com>\r\n"),
            bytes("\r\n"),
            bytes("DATA\r\n"));

    private static final List<Line> SESSION_LINES = List.of(
            text("EHLO client.example"),
            text("MAIL FROM:<jörg@例え.jp> SMTPUTF8"),
            BARE,
            BARE,
            BAD,
            BAD,
            TOO_LONG,
            text(""),
            text("DATA"));

    @Test
    void nextShouldGiveSameLinesWhenInputIsSplitAtEveryBytePosition() {
        assertThat(decode(64, false, SESSION)).containsExactlyElementsOf(SESSION_LINES);
        for (int k = 0; k <= SESSION.length; k++) {
            byte[] first = Arrays.copyOfRange(SESSION, 0, k);
            byte[] second = Arrays.copyOfRange(SESSION, k, SESSION.length);
            assertThat(decode(64, false, first, second)).as("split at %d", k).containsExactlyElementsOf(SESSION_LINES);
        }
    }

    @Test
    void nextShouldGiveSameLinesWhenInputIsSplitAtEveryPairOfBytePositions() {
        for (int i = 0; i <= SESSION.length; i++) {
            for (int j = i; j <= SESSION.length; j++) {
                List<Line> lines = decode(64, false, Arrays.copyOfRange(SESSION, 0, i), Arrays.copyOfRange(SESSION, i, j),
                        Arrays.copyOfRange(SESSION, j, SESSION.length));
                assertThat(lines).as("split at %d and %d", i, j).containsExactlyElementsOf(SESSION_LINES);
            }
        }
    }

    @Test
    void nextShouldGiveSameLinesWhenInputArrivesOneByteAtATime() {
        assertThat(decode(64, false, oneByteAtATime(SESSION))).containsExactlyElementsOf(SESSION_LINES);
    }
}
