package io.mailflow.message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.apache.james.mime4j.codec.QuotedPrintableOutputStream;

/**
 * Content-Transfer-Encoding (RFC 2045 §6) for bodies Mailflow reads and writes, with mime4j's
 * codecs: lenient decoding (characters outside the base64 alphabet skipped, RFC 2045 §6.8; a
 * soft line break followed by white space is still a soft line break, §6.7 rule 3), and encoding
 * in lines of at most 76 characters.
 */
public final class TransferEncoding {

    private TransferEncoding() {
    }

    /** The decoded body: base64 and quoted-printable undone, anything else (7bit, 8bit, binary) as it is. */
    public static InputStream decoding(String encoding, InputStream body) {
        return switch (encoding == null ? "7bit" : encoding.strip().toLowerCase(Locale.ROOT)) {
            case "base64" -> new Base64InputStream(body, DecodeMonitor.SILENT);
            case "quoted-printable" -> new QuotedPrintableInputStream(body, DecodeMonitor.SILENT);
            default -> body;
        };
    }

    /** Decodes a body held in memory. */
    public static byte[] decode(String encoding, byte[] body, int from, int to) {
        try (InputStream in = decoding(encoding, new java.io.ByteArrayInputStream(body, from, to - from))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen in memory
        }
    }

    /** Base64 in lines of 76 characters, each ended by CRLF. */
    public static byte[] encodeBase64(byte[] data) {
        return Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encode(data);
    }

    /**
     * Quoted-printable (RFC 2045 §6.7) of text whose line breaks are CRLF: they stay hard line
     * breaks, other lines are broken softly within 76 characters. The output never holds {@code =_}
     * ("=" is always written =3D), which is why our MIME boundaries may start with it.
     */
    public static byte[] encodeQuotedPrintable(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + text.length / 8 + 16);
        try (OutputStream qp = new QuotedPrintableOutputStream(out, false)) {
            qp.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen in memory
        }
        return out.toByteArray();
    }
}
