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

class DataDecoderTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** One DATA phase: what the decoder stored, whether it saw the end, and the input left over. */
    private static final class Session {
        final ByteArrayOutputStream stored = new ByteArrayOutputStream();
        final DataDecoder decoder;
        final SmtpInput in = new SmtpInput();
        boolean ended;
        /** How many times decode() returned true; must never exceed one. */
        int ends;

        Session(long maxSize, boolean normalize) {
            decoder = new DataDecoder(maxSize, normalize, stored::write);
        }

        /** Feeds a piece as the I/O layer would: decoding only while the data phase lasts. */
        Session feed(byte[] piece) {
            in.feed(piece, 0, piece.length);
            if (!ended && decoder.decode(in)) {
                ended = true;
                ends++;
            }
            return this;
        }

        Session feed(String piece) {
            return feed(bytes(piece));
        }

        String content() {
            return string(stored.toByteArray());
        }

        /** The commands the server reads after the data, as a client would see them taken. */
        List<String> nextCommands() {
            CommandDecoder commands = new CommandDecoder(1000, false);
            List<String> out = new ArrayList<>();
            for (Line l = commands.next(in); !(l instanceof Line.Incomplete); l = commands.next(in)) {
                out.add(((Line.Text) l).text());
            }
            return out;
        }
    }

    private static Session decode(long maxSize, boolean normalize, byte[]... pieces) {
        Session s = new Session(maxSize, normalize);
        for (byte[] p : pieces) {
            s.feed(p);
        }
        return s;
    }

    private static Session decode(String all) {
        return decode(NO_LIMIT, false, bytes(all));
    }

    @Test
    void decodeShouldEndAtCrlfDotCrlfAndStoreTextUpToLastCrlf() {
        Session s = decode("Subject: hi\r\n\r\nbody\r\n.\r\n");

        assertThat(s.ended).isTrue();
        assertThat(s.content()).isEqualTo("Subject: hi\r\n\r\nbody\r\n");
        assertThat(s.decoder.size()).isEqualTo("Subject: hi\r\n\r\nbody\r\n".length());
        assertThat(s.decoder.sizeExceeded()).isFalse();
        assertThat(s.decoder.refusedForLineEndings()).isFalse();
        assertThat(s.decoder.bareLineEnding()).isFalse();
        assertThat(s.decoder.nul()).isFalse();
        assertThat(s.in.available()).isZero();
    }

    @Test
    void decodeShouldRemoveLeadingDotWhenLineIsDotStuffed() {
        Session s = decode("..x\r\n...\r\n..\r\nmid.dle\r\n. leading space\r\n.\r\n");

        assertThat(s.ended).isTrue();
        assertThat(s.content()).isEqualTo(".x\r\n..\r\n.\r\nmid.dle\r\n leading space\r\n");
        assertThat(s.decoder.size()).isEqualTo(s.stored.size());
    }

    @Test
    void decodeShouldNotEndDataAtStuffedDotLine() {
        Session s = decode("a\r\n..\r\nb\r\n");

        assertThat(s.ended).as("'..' is a stuffed '.', not the end").isFalse();
        s.feed(".\r\n");
        assertThat(s.ended).isTrue();
        assertThat(s.content()).isEqualTo("a\r\n.\r\nb\r\n");
    }

    @Test
    void decodeShouldReturnFalseUntilTheWholeEndMarkerHasArrived() {
        Session s = new Session(NO_LIMIT, false);

        s.feed("body\r\n");
        assertThat(s.ended).isFalse();
        s.feed(".");
        assertThat(s.ended).isFalse();
        s.feed("\r");
        assertThat(s.ended).isFalse();
        s.feed("\n");
        assertThat(s.ended).isTrue();
        assertThat(s.content()).isEqualTo("body\r\n");
    }

    @Test
    void decodeShouldEndImmediatelyWhenMessageIsEmpty() {
        Session s = decode(".\r\nQUIT\r\n");

        assertThat(s.ended).isTrue();
        assertThat(s.content()).isEmpty();
        assertThat(s.decoder.size()).isZero();
        assertThat(s.nextCommands()).containsExactly("QUIT");
    }

    @Test
    void decodeShouldLeavePipelinedCommandsInInputWhenTheyFollowEndMarker() {
        Session s = decode("body\r\n.\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDA");

        assertThat(s.ended).isTrue();
        assertThat(s.content()).isEqualTo("body\r\n");
        assertThat(s.in.available()).isEqualTo("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDA".length());
        assertThat(s.nextCommands()).containsExactly("MAIL FROM:<a@b.example>", "RCPT TO:<c@d.example>");
    }

    private static final String PIPELINED = "MAIL FROM:<a@b.example>\r\nQUIT\r\n";
    private static final byte[] WIRE = bytes(
            "From: <jörg@例え.jp>\r\nSubject: tëst\r\n\r\n..stuffed\r\n\r\n.x\r\n...\r\n..\r\nend\r\n.\r\n" + PIPELINED);
    private static final String WIRE_CONTENT = "From: <jörg@例え.jp>\r\nSubject: tëst\r\n\r\n.stuffed\r\n\r\nx\r\n..\r\n.\r\nend\r\n";

    private static void assertWholeMessage(Session s, String context) {
        assertThat(s.ended).as(context).isTrue();
        assertThat(s.ends).as(context).isEqualTo(1);
        assertThat(s.content()).as(context).isEqualTo(WIRE_CONTENT);
        assertThat(s.decoder.size()).as(context).isEqualTo(bytes(WIRE_CONTENT).length);
        assertThat(s.decoder.refusedForLineEndings()).as(context).isFalse();
        assertThat(s.in.available()).as(context).isEqualTo(PIPELINED.length());
        assertThat(s.nextCommands()).as(context).containsExactly("MAIL FROM:<a@b.example>", "QUIT");
    }

    @Test
    void decodeShouldGiveSameContentAndEndWhenInputIsSplitAtEveryBytePosition() {
        assertWholeMessage(decode(NO_LIMIT, false, WIRE), "whole");
        for (int k = 0; k <= WIRE.length; k++) {
            assertWholeMessage(decode(NO_LIMIT, false, Arrays.copyOfRange(WIRE, 0, k), Arrays.copyOfRange(WIRE, k, WIRE.length)),
                    "split at " + k);
        }
    }

    @Test
    void decodeShouldGiveSameContentAndEndWhenInputIsSplitAtEveryPairOfBytePositions() {
        for (int i = 0; i <= WIRE.length; i++) {
            for (int j = i; j <= WIRE.length; j++) {
                assertWholeMessage(decode(NO_LIMIT, false, Arrays.copyOfRange(WIRE, 0, i), Arrays.copyOfRange(WIRE, i, j),
                        Arrays.copyOfRange(WIRE, j, WIRE.length)), "split at " + i + " and " + j);
            }
        }
    }

    @Test
    void decodeShouldGiveSameContentAndEndWhenInputArrivesOneByteAtATime() {
        Session s = new Session(NO_LIMIT, false);
        for (byte b : WIRE) {
            s.feed(new byte[] {b});
        }
        assertWholeMessage(s, "one byte at a time");
    }

    // --- SMTP smuggling (CVE-2023-51764 and relatives): only CRLF.CRLF ends the data

    private static final String BEFORE = "Subject: t\r\n\r\nhello";
    private static final String SMUGGLED = "MAIL FROM:<admin@victim.example>\r\nRCPT TO:<target@victim.example>\r\nDATA\r\n"
            + "From: admin@victim.example\r\n\r\nsmuggled\r\n";
    private static final String REAL_END = ".\r\n";
    private static final String NEXT = "QUIT\r\n";

    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r\n", "\r\n.\r", "\r\n.\r\r\n", "\n\n.\n\n", "\r\r.\r\r"})
    void decodeShouldNotEndDataAtSmugglingSequenceAndRefuseMessage(String sequence) {
        Session s = new Session(NO_LIMIT, false);

        s.feed(BEFORE + sequence + SMUGGLED);
        assertThat(s.ended).as("the data must go on after %s", escape(sequence)).isFalse();
        s.feed(REAL_END + NEXT);

        assertThat(s.ended).isTrue();
        assertThat(s.decoder.refusedForLineEndings()).isTrue();
        assertThat(s.decoder.bareLineEnding()).isTrue();
        assertThat(s.nextCommands()).as("only the command after the real end is left").containsExactly("QUIT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r\n"})
    void decodeShouldNotEndDataAtSmugglingSequenceWhenInputIsSplitAtEveryBytePosition(String sequence) {
        byte[] wire = bytes(BEFORE + sequence + SMUGGLED + REAL_END + NEXT);
        for (int k = 0; k <= wire.length; k++) {
            Session s = decode(NO_LIMIT, false, Arrays.copyOfRange(wire, 0, k), Arrays.copyOfRange(wire, k, wire.length));
            assertThat(s.ends).as("split at %d", k).isEqualTo(1);
            assertThat(s.decoder.refusedForLineEndings()).as("split at %d", k).isTrue();
            assertThat(s.in.available()).as("split at %d", k).isEqualTo(NEXT.length());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r\n"})
    void decodeShouldStoreSmugglingSequenceAsCrlfAndNotEndDataWhenNormalizing(String sequence) {
        Session s = new Session(NO_LIMIT, true);

        s.feed(BEFORE + sequence + SMUGGLED);
        assertThat(s.ended).as("the data must go on after %s", escape(sequence)).isFalse();
        s.feed(REAL_END + NEXT);

        assertThat(s.ended).isTrue();
        assertThat(s.content()).isEqualTo(BEFORE + "\r\n.\r\n" + SMUGGLED);
        assertThat(s.decoder.refusedForLineEndings()).isFalse();
        assertThat(s.decoder.bareLineEnding()).isTrue();
        assertThat(s.nextCommands()).containsExactly("QUIT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r\n"})
    void decodeShouldNotEndDataAtSmugglingSequenceWhenItOpensTheMessage(String sequence) {
        for (boolean normalize : new boolean[] {false, true}) {
            Session s = new Session(NO_LIMIT, normalize);

            s.feed(sequence + SMUGGLED);
            assertThat(s.ended).as("normalize=%s", normalize).isFalse();
            s.feed(REAL_END + NEXT);

            assertThat(s.ended).isTrue();
            assertThat(s.decoder.refusedForLineEndings()).isEqualTo(!normalize);
            assertThat(s.nextCommands()).containsExactly("QUIT");
        }
    }

    private static String escape(String s) {
        return s.replace("\r", "<CR>").replace("\n", "<LF>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb\r\n", "a\rb\r\n", "a\r\r\n", "\nx\r\n", "line\r\n\rx\r\n", "x\r\n.\ry\r\n"})
    void decodeShouldRefuseMessageWhenItHoldsBareLfOrBareCr(String text) {
        Session s = decode(text + ".\r\n" + NEXT);

        assertThat(s.ended).isTrue();
        assertThat(s.decoder.refusedForLineEndings()).isTrue();
        assertThat(s.nextCommands()).containsExactly("QUIT");
    }

    @Test
    void decodeShouldStoreBareLfAndBareCrAsCrlfWhenNormalizing() {
        Session s = decode(NO_LIMIT, true, bytes("a\nb\rc\r\nd\r\r\n.\r\n"));

        assertThat(s.ended).isTrue();
        assertThat(s.content()).isEqualTo("a\r\nb\r\nc\r\nd\r\n\r\n");
        assertThat(s.decoder.refusedForLineEndings()).isFalse();
        assertThat(s.decoder.bareLineEnding()).isTrue();
    }

    /** A client that ends lines with bare LF (and one bare CR), stuffing dots as it should. */
    private static final byte[] BARE_WIRE = bytes("Subject: t\n\n..stuffed\n...\n..\n..\r\n.x\r..cr\n.\nlast\r\n.\r\n" + PIPELINED);
    private static final String BARE_CONTENT = "Subject: t\r\n\r\n.stuffed\r\n..\r\n.\r\n.\r\nx\r\n.cr\r\n.\r\nlast\r\n";

    private static void assertNormalizedMessage(Session s, String context) {
        assertThat(s.ends).as(context).isEqualTo(1);
        assertThat(s.content()).as(context).isEqualTo(BARE_CONTENT);
        assertThat(s.decoder.size()).as(context).isEqualTo(bytes(BARE_CONTENT).length);
        assertThat(s.decoder.bareLineEnding()).as(context).isTrue();
        assertThat(s.nextCommands()).as(context).containsExactly("MAIL FROM:<a@b.example>", "QUIT");
    }

    @Test
    void decodeShouldUnstuffLinesAfterBareEndingsWhenNormalizingAndInputIsSplitAtEveryPairOfBytePositions() {
        assertNormalizedMessage(decode(NO_LIMIT, true, BARE_WIRE), "whole");
        for (int i = 0; i <= BARE_WIRE.length; i++) {
            for (int j = i; j <= BARE_WIRE.length; j++) {
                assertNormalizedMessage(decode(NO_LIMIT, true, Arrays.copyOfRange(BARE_WIRE, 0, i),
                        Arrays.copyOfRange(BARE_WIRE, i, j), Arrays.copyOfRange(BARE_WIRE, j, BARE_WIRE.length)),
                        "split at " + i + " and " + j);
            }
        }
    }

    @Test
    void decodeShouldRecordNulAndStillEndAtCrlfDotCrlf() {
        Session s = decode("a\0b\r\n\0\r\n.\r\n" + NEXT);

        assertThat(s.ended).isTrue();
        assertThat(s.decoder.nul()).isTrue();
        assertThat(s.nextCommands()).containsExactly("QUIT");
    }

    @Test
    void decodeShouldRecordNulWhenNormalizing() {
        Session s = decode(NO_LIMIT, true, bytes(".\0\r\n.\r\n"));

        assertThat(s.ended).isTrue();
        assertThat(s.decoder.nul()).isTrue();
    }

    @Test
    void decodeShouldFlagSizeExceededAndReadOnToRealEndWhenMessageIsTooBig() {
        String line = "x".repeat(98) + "\r\n";
        String body = line.repeat(100); // 10,000 octets
        Session s = decode(1000, false, bytes(body), bytes(".\r\n" + NEXT));

        assertThat(s.ended).isTrue();
        assertThat(s.decoder.sizeExceeded()).isTrue();
        assertThat(s.decoder.size()).isEqualTo(10_000);
        assertThat(s.stored.size()).as("no more than the limit is kept").isLessThanOrEqualTo(1000);
        assertThat(s.nextCommands()).containsExactly("QUIT");
    }

    @Test
    void decodeShouldNotEndDataAtStuffedDotLinesWhenMessageIsTooBig() {
        Session s = decode(10, false, bytes("0123456789ABCDEF\r\n..\r\n"));

        assertThat(s.ended).isFalse();
        assertThat(s.decoder.sizeExceeded()).isTrue();
        s.feed(".\r\n");
        assertThat(s.ended).isTrue();
    }

    @Test
    void decodeShouldAcceptMessageWhenSizeEqualsLimit() {
        Session s = decode(10, false, bytes("12345678\r\n.\r\n"));

        assertThat(s.decoder.sizeExceeded()).isFalse();
        assertThat(s.content()).isEqualTo("12345678\r\n");
    }

    @Test
    void decodeShouldFlagSizeExceededWhenSizeIsOneOctetOverLimit() {
        Session s = decode(10, false, bytes("123456789\r\n.\r\n"));

        assertThat(s.ended).isTrue();
        assertThat(s.decoder.sizeExceeded()).isTrue();
    }

    @Test
    void decodeShouldCountSizeAfterUnstuffing() {
        Session s = decode(6, false, bytes("..abc\r\n.\r\n"));

        assertThat(s.decoder.size()).isEqualTo(6);
        assertThat(s.decoder.sizeExceeded()).isFalse();
        assertThat(s.content()).isEqualTo(".abc\r\n");
    }

    @Test
    void decodeShouldKeepA100KbSingleLineWhole() {
        String line = "y".repeat(100 * 1024);
        byte[] wire = bytes(line + "\r\n.\r\n" + NEXT);
        Session s = new Session(NO_LIMIT, false);
        for (int i = 0; i < wire.length; i += 1460) {
            s.feed(Arrays.copyOfRange(wire, i, Math.min(wire.length, i + 1460)));
        }

        assertThat(s.ended).isTrue();
        assertThat(s.content()).isEqualTo(line + "\r\n");
        assertThat(s.decoder.size()).isEqualTo(line.length() + 2);
        assertThat(s.decoder.sizeExceeded()).isFalse();
        assertThat(s.decoder.refusedForLineEndings()).isFalse();
        assertThat(s.nextCommands()).containsExactly("QUIT");
    }

    @Test
    void decodeShouldKeepA100KbSingleLineWholeWhenItArrivesInOnePiece() {
        String line = "z".repeat(100 * 1024);
        Session s = decode(line + "\r\n.\r\n" + NEXT);

        assertThat(s.ended).isTrue();
        assertThat(s.content()).isEqualTo(line + "\r\n");
        assertThat(s.nextCommands()).containsExactly("QUIT");
    }

    @Test
    void aMessageWithNoLineThatBeginsWithADotShouldBeMarkedSoEvenThoughTheEndMarkerDoes() {
        Session s = new Session(NO_LIMIT, false).feed("Subject: x\r\n\r\nno dots at line starts. Here.\r\n.\r\n");

        assertThat(s.ended).isTrue();
        assertThat(s.decoder.leadingDot()).as("the end marker is not a line of the content").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..stuffed\r\n", "text\r\n..\r\n", "a\r\n.unstuffed by a careless client\r\n"})
    void aLineThatBeganWithADotShouldMarkTheMessage(String body) {
        Session s = new Session(NO_LIMIT, false).feed("Subject: x\r\n\r\n" + body + ".\r\n");

        assertThat(s.ended).isTrue();
        assertThat(s.decoder.leadingDot()).isTrue();
    }

    @Test
    void aDotAfterABareLineFeedShouldMarkTheMessageWhenItIsNormalised() {
        Session s = new Session(NO_LIMIT, true).feed("a\n..b\r\n.\r\n");

        assertThat(s.content()).isEqualTo("a\r\n.b\r\n");
        assertThat(s.decoder.leadingDot()).isTrue();
    }
}
