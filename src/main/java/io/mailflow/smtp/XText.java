package io.mailflow.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** RFC 3461 §4 xtext: printable ASCII except {@code +} and {@code =}, which are written {@code +XX}. */
public final class XText {

    private XText() {
    }

    /**
     * Decodes xtext; the octets it stands for are read as UTF-8, the inverse of {@link #encode}.
     * Throws IllegalArgumentException on a malformed value or octets that are not UTF-8.
     */
    public static String decode(String xtext) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(xtext.length());
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+') {
                if (i + 2 >= xtext.length()) {
                    throw new IllegalArgumentException("truncated +XX escape");
                }
                int hi = hexchar(xtext.charAt(i + 1));
                int lo = hexchar(xtext.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad +XX escape");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c < '!' || c > '~' || c == '=') {
                throw new IllegalArgumentException("character not allowed in xtext");
            } else {
                out.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("+XX escapes that are not UTF-8");
        }
    }

    /** RFC 3461 hexchar digit: ASCII {@code 0-9} or upper-case {@code A-F}; -1 otherwise. */
    private static int hexchar(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** Encodes text as xtext: characters outside {@code !..~}, and {@code +} and {@code =}, become {@code +XX}. */
    public static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= '!' && c <= '~' && c != '+' && c != '=') {
                out.append((char) c);
            } else {
                out.append('+').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
