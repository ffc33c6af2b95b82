package io.mailflow.smtp;

import java.nio.charset.StandardCharsets;

/** RFC 3461 §4 xtext: printable ASCII except {@code +} and {@code =}, which are written {@code +XX}. */
public final class XText {

    private XText() {
    }

    /** Decodes xtext; throws IllegalArgumentException on a malformed value. */
    public static String decode(String xtext) {
        StringBuilder out = new StringBuilder(xtext.length());
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+') {
                if (i + 2 >= xtext.length()) {
                    throw new IllegalArgumentException("truncated +XX escape");
                }
                int hi = Character.digit(xtext.charAt(i + 1), 16);
                int lo = Character.digit(xtext.charAt(i + 2), 16);
                if (hi < 0 || lo < 0 || Character.isLowerCase(xtext.charAt(i + 1)) || Character.isLowerCase(xtext.charAt(i + 2))) {
                    throw new IllegalArgumentException("bad +XX escape");
                }
                out.append((char) (hi * 16 + lo));
                i += 2;
            } else if (c < '!' || c > '~' || c == '=') {
                throw new IllegalArgumentException("character not allowed in xtext");
            } else {
                out.append(c);
            }
        }
        return out.toString();
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
