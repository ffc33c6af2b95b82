package io.mailflow.rules;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** Content-Transfer-Encoding (RFC 2045 §6): decoding for reading bodies, encoding for rewriting them. */
final class TransferEncoding {

    private static final int QP_LINE = 76;

    private TransferEncoding() {
    }

    static byte[] decode(String encoding, byte[] b, int from, int to) {
        return switch (encoding) {
            case "base64" -> base64(b, from, to);
            case "quoted-printable" -> quotedPrintable(b, from, to);
            default -> Arrays.copyOfRange(b, from, to);
        };
    }

    /** Lenient: characters outside the base64 alphabet are skipped, as RFC 2045 §6.8 asks. */
    private static byte[] base64(byte[] b, int from, int to) {
        ByteArrayOutputStream clean = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
                clean.write(c);
            }
        }
        byte[] chars = clean.toByteArray();
        int usable = chars.length - chars.length % 4;
        byte[] padded = chars.length % 4 >= 2 ? pad(chars) : Arrays.copyOf(chars, usable);
        try {
            return Base64.getDecoder().decode(padded);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] pad(byte[] chars) {
        byte[] p = Arrays.copyOf(chars, chars.length + (4 - chars.length % 4));
        Arrays.fill(p, chars.length, p.length, (byte) '=');
        return p;
    }

    private static byte[] quotedPrintable(byte[] b, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '=') {
                if (i + 2 < to && b[i + 1] == '\r' && b[i + 2] == '\n') {
                    i += 2; // soft line break
                } else if (i + 1 < to && b[i + 1] == '\n') {
                    i += 1;
                } else if (i + 2 < to && Character.digit(b[i + 1], 16) >= 0 && Character.digit(b[i + 2], 16) >= 0) {
                    out.write(Character.digit(b[i + 1], 16) * 16 + Character.digit(b[i + 2], 16));
                    i += 2;
                } else {
                    out.write(c);
                }
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** Base64 in lines of 76 characters, each ended by CRLF. */
    static byte[] encodeBase64(byte[] data) {
        return Base64.getMimeEncoder(QP_LINE, "\r\n".getBytes(StandardCharsets.US_ASCII)).encode(data);
    }

    /** Quoted-printable (RFC 2045 §6.7) of text whose line breaks are CRLF; lines stay within 76 characters. */
    static byte[] encodeQuotedPrintable(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + data.length / 8);
        int col = 0;
        for (int i = 0; i < data.length; i++) {
            int c = data[i] & 0xFF;
            if (c == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
                out.write('\r');
                out.write('\n');
                i++;
                col = 0;
                continue;
            }
            boolean beforeBreak = i + 1 == data.length || data[i + 1] == '\r';
            boolean literal = c >= 33 && c <= 126 && c != '=' || (c == ' ' || c == '\t') && !beforeBreak;
            int width = literal ? 1 : 3;
            if (col + width > QP_LINE - 1) {
                out.write('=');
                out.write('\r');
                out.write('\n');
                col = 0;
            }
            if (literal) {
                out.write(c);
            } else {
                out.write('=');
                out.write(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                out.write(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
            col += width;
        }
        return out.toByteArray();
    }
}
