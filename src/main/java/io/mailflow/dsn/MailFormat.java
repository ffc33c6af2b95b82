package io.mailflow.dsn;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/** The small pieces of RFC 5322 and MIME syntax a notification is written in. */
final class MailFormat {

    static final String CRLF = "\r\n";

    /** RFC 5322 §2.1.1: a line MUST NOT exceed 998 octets; we fold at 78 where there is a space. */
    static final int MAX_LINE = 998;
    private static final int FOLD_AT = 78;

    /** RFC 2047 §2: an encoded word is at most 75 characters; 45 octets make 60 base64 characters. */
    private static final int WORD_OCTETS = 45;

    // RFC 5322 §3.3 date-time, with a numeric zone (the "GMT" of RFC 1123 is obsolete syntax).
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.US).withZone(ZoneOffset.UTC);

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private MailFormat() {
    }

    /** An instant as an RFC 5322 date-time in UTC, e.g. {@code Tue, 3 Jun 2025 10:00:00 +0000}. */
    static String date(Instant instant) {
        return DATE.format(instant);
    }

    /** True if every character is printable US-ASCII (space to tilde). */
    static boolean isPrintableAscii(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
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

    /**
     * Header text as it may appear in an unstructured field: as is when it is printable US-ASCII
     * and could not be mistaken for an encoded word, else as UTF-8 "B" encoded words (RFC 2047 §4.1),
     * split between characters so no word exceeds 75 characters (RFC 2047 §2).
     */
    static String unstructured(String text) {
        if (isPrintableAscii(text) && !text.contains("=?")) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        byte[] pending = new byte[WORD_OCTETS];
        int used = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            byte[] c = new String(Character.toChars(text.codePointAt(i))).getBytes(StandardCharsets.UTF_8);
            if (used + c.length > WORD_OCTETS) {
                encodedWord(out, pending, used);
                used = 0;
            }
            System.arraycopy(c, 0, pending, used, c.length);
            used += c.length;
        }
        encodedWord(out, pending, used);
        return out.toString();
    }

    private static void encodedWord(StringBuilder out, byte[] octets, int length) {
        if (length == 0) {
            return;
        }
        // RFC 2047 §6.2: white space between adjacent encoded words is dropped when decoding.
        out.append(out.isEmpty() ? "" : " ").append("=?UTF-8?B?")
                .append(Base64.getEncoder().encodeToString(Arrays.copyOf(octets, length))).append("?=");
    }

    /**
     * Text as UTF-8 quoted-printable (RFC 2045 §6.7) with CRLF line ends and lines of at most 76
     * characters. The output never contains {@code =_}, which is why our boundaries start with it.
     */
    static String quotedPrintable(String text) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 8);
        String[] lines = text.split("\r\n", -1);
        for (int n = 0; n < lines.length; n++) {
            encodeLine(out, lines[n].getBytes(StandardCharsets.UTF_8));
            if (n < lines.length - 1) {
                out.append(CRLF);
            }
        }
        return out.toString();
    }

    private static void encodeLine(StringBuilder out, byte[] line) {
        int width = 0;
        for (int i = 0; i < line.length; i++) {
            int b = line[i] & 0xFF;
            boolean last = i == line.length - 1;
            // Rule (3): space and tab are literal except at the end of a line; rule (2): printable
            // ASCII but "=" is literal; everything else is =XX.
            boolean literal = b >= 33 && b <= 126 && b != '=' || (b == ' ' || b == '\t') && !last;
            String token = literal ? String.valueOf((char) b) : "=" + HEX[b >> 4] + HEX[b & 0xF];
            // Rule (5): at most 76 characters, counting the "=" of a soft line break.
            if (width + token.length() > (last ? 76 : 75)) {
                out.append('=').append(CRLF);
                width = 0;
            }
            out.append(token);
            width += token.length();
        }
    }
}
