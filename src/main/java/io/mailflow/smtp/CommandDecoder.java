package io.mailflow.smtp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Takes command lines from an {@link SmtpInput}. Only CRLF ends a line; a line with a bare LF,
 * a bare CR or a NUL is reported and dropped, never executed. A line longer than the limit is
 * reported once and skipped up to its end without being buffered.
 */
public final class CommandDecoder {

    /** What the next line of input is. */
    public sealed interface Line {
        /** A complete command line, without its CRLF. */
        record Text(String text) implements Line {
        }

        /** More bytes are needed. */
        record Incomplete() implements Line {
        }

        /** The line exceeds the limit; the rest of it will be skipped. */
        record TooLong() implements Line {
        }

        /** The line ends in a bare LF, or holds a bare CR: refused (SMTP smuggling). */
        record BareLineEnding() implements Line {
        }

        /** The line holds a NUL byte or is not valid UTF-8. */
        record BadCharacters() implements Line {
        }
    }

    private static final Line INCOMPLETE = new Line.Incomplete();

    private final int maxLineLength;
    private boolean normalizeBareLineFeed;
    private boolean skipping;

    /**
     * @param maxLineLength longest accepted line in octets, CRLF included
     * @param normalizeBareLineFeed take a bare LF as CRLF (for listed legacy clients only)
     */
    public CommandDecoder(int maxLineLength, boolean normalizeBareLineFeed) {
        this.maxLineLength = maxLineLength;
        this.normalizeBareLineFeed = normalizeBareLineFeed;
    }

    public void normalizeBareLineFeed(boolean normalize) {
        this.normalizeBareLineFeed = normalize;
    }

    public Line next(SmtpInput in) {
        byte[] b = in.array();
        int s = in.start();
        int e = in.end();
        int lf = in.indexOfLineFeed();
        if (skipping) {
            if (lf < 0) {
                in.consume(e - s);
                return INCOMPLETE;
            }
            in.consume(lf + 1 - s);
            skipping = false;
            return next(in);
        }
        if (lf < 0) {
            if (e - s >= maxLineLength) {
                in.consume(e - s);
                skipping = true;
                return new Line.TooLong();
            }
            return INCOMPLETE;
        }
        in.consume(lf + 1 - s);
        boolean crlf = lf > s && b[lf - 1] == '\r';
        if (lf + 1 - s > maxLineLength) {
            return new Line.TooLong();
        }
        if (!crlf && !normalizeBareLineFeed) {
            return new Line.BareLineEnding();
        }
        int lineEnd = crlf ? lf - 1 : lf;
        boolean ascii = true;
        for (int i = s; i < lineEnd; i++) {
            byte c = b[i];
            if (c == '\r') {
                return new Line.BareLineEnding();
            }
            if (c == 0) {
                return new Line.BadCharacters();
            }
            ascii &= c >= 0;
        }
        if (ascii) {
            return new Line.Text(new String(b, s, lineEnd - s, StandardCharsets.ISO_8859_1));
        }
        try {
            return new Line.Text(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, s, lineEnd - s)).toString());
        } catch (CharacterCodingException x) {
            return new Line.BadCharacters();
        }
    }
}
