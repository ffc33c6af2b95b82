package io.mailflow.dsn;

import io.mailflow.message.HeaderText;
import io.mailflow.message.TransferEncoding;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The small pieces of RFC 5322 and MIME syntax a notification is written in. */
final class MailFormat {

    static final String CRLF = "\r\n";

    /** RFC 5322 §2.1.1: a line MUST NOT exceed 998 octets; we fold at 78 where there is a space. */
    static final int MAX_LINE = 998;
    private static final int FOLD_AT = 78;

    // RFC 5322 §3.3 date-time, with a numeric zone (the "GMT" of RFC 1123 is obsolete syntax).
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.US).withZone(ZoneOffset.UTC);

    private MailFormat() {
    }

    /** An instant as an RFC 5322 date-time in UTC, e.g. {@code Tue, 3 Jun 2025 10:00:00 +0000}. */
    static String date(Instant instant) {
        return DATE.format(instant);
    }

    /** True if every character is printable US-ASCII (space to tilde). */
    static boolean isPrintableAscii(String text) {
        return HeaderText.isPrintableAscii(text);
    }

    /**
     * Text made safe for a 7-bit header field: line breaks and tabs become spaces, anything else
     * outside printable US-ASCII becomes {@code ?}. Used for values that cannot be RFC 2047 encoded.
     */
    static String ascii(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> b.append(c == '\r' || c == '\n' || c == '\t' ? ' '
                : c >= 0x20 && c <= 0x7E ? (char) c : '?'));
        return b.toString();
    }

    /**
     * Appends {@code name: value} and its CRLF, folded before a space once a line passes 78
     * characters (RFC 5322 §2.2.3). The value must be 7-bit. A run without spaces longer than a line
     * may hold is broken with a fold anyway: unfolding then adds a space, which is better than a
     * line no receiver has to accept. Runs of spaces count as one, so no folded line is blank.
     */
    static void header(StringBuilder out, String name, String value) {
        StringBuilder line = new StringBuilder(name).append(':');
        boolean first = true;
        for (String word : value.strip().split(" +")) {
            if (!first && line.length() + 1 + word.length() > FOLD_AT) {
                out.append(line).append(CRLF);
                line.setLength(0);
            }
            line.append(' ');
            while (line.length() + word.length() > MAX_LINE - 2) {
                int room = MAX_LINE - 2 - line.length();
                out.append(line).append(word, 0, room).append(CRLF);
                line.setLength(0);
                line.append(' ');
                word = word.substring(room);
            }
            line.append(word);
            first = false;
        }
        out.append(line).append(CRLF);
    }

    /** Text as UTF-8 quoted-printable (RFC 2045 §6.7) with CRLF line ends and lines of at most 76 characters. */
    static String quotedPrintable(String text) {
        return new String(TransferEncoding.encodeQuotedPrintable(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    }
}
