package io.mailflow.rules;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.james.mime4j.codec.EncoderUtil;

/**
 * Changes to the top-level header section that rules make. Every field the rule does not touch
 * keeps its exact bytes; new values with non-ASCII text are written as RFC 2047 encoded words.
 */
final class HeaderEditor {

    private HeaderEditor() {
    }

    /** Sets a field: the first of that name is replaced, any further ones removed; added at the end if absent. */
    static byte[] set(MessageView view, String name, String value) {
        byte[] buf = view.content();
        List<MimeEntity.Field> fields = view.headerFields();
        byte[] field = field(name, value);
        ByteArrayOutputStream out = new ByteArrayOutputStream(buf.length + field.length);
        int at = 0;
        boolean done = false;
        for (MimeEntity.Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                out.write(buf, at, f.start() - at);
                if (!done) {
                    out.writeBytes(field);
                    done = true;
                }
                at = f.end();
            }
        }
        return finish(buf, fields, out, at, done ? null : field);
    }

    /** Removes every field of that name. */
    static byte[] remove(MessageView view, String name) {
        byte[] buf = view.content();
        List<MimeEntity.Field> fields = view.headerFields();
        ByteArrayOutputStream out = new ByteArrayOutputStream(buf.length);
        int at = 0;
        for (MimeEntity.Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                out.write(buf, at, f.start() - at);
                at = f.end();
            }
        }
        return finish(buf, fields, out, at, null);
    }

    /** Adds addresses to an address field (To, Cc), creating it if absent. */
    static byte[] appendAddresses(MessageView view, String name, List<String> addresses) {
        byte[] buf = view.content();
        List<MimeEntity.Field> fields = view.headerFields();
        String joined = String.join(", ", addresses);
        MimeEntity.Field first = fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst().orElse(null);
        if (first == null) {
            return set(view, name, joined);
        }
        // the raw value stays as written (it may hold encoded display names); only our addresses are appended
        String raw = new String(buf, first.start(), first.end() - first.start(), StandardCharsets.UTF_8).stripTrailing();
        byte[] replaced = (raw + ",\r\n " + joined + "\r\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(buf.length + replaced.length);
        out.write(buf, 0, first.start());
        out.writeBytes(replaced);
        return finish(buf, fields, out, first.end(), null);
    }

    /** Writes what follows the last change: the rest of the header (plus a new field), the empty line, the body. */
    private static byte[] finish(byte[] buf, List<MimeEntity.Field> fields, ByteArrayOutputStream out, int at, byte[] appended) {
        int headerEnd = fields.isEmpty() ? 0 : fields.getLast().end(); // the empty line starts there
        if (appended != null) {
            out.write(buf, at, headerEnd - at);
            out.writeBytes(appended);
            at = headerEnd;
        }
        out.write(buf, at, buf.length - at);
        return out.toByteArray();
    }

    /** {@code Name: value CRLF}, the value encoded (RFC 2047) when it is not plain ASCII, folded at 78 columns. */
    static byte[] field(String name, String value) {
        String v = EncoderUtil.hasToBeEncoded(value, 0) ? EncoderUtil.encodeEncodedWord(value, EncoderUtil.Usage.TEXT_TOKEN,
                name.length() + 2, StandardCharsets.UTF_8, null) : value;
        return (fold(name + ": " + v) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String fold(String line) {
        if (line.length() <= 78) {
            return line;
        }
        StringBuilder out = new StringBuilder();
        int col = 0;
        for (String word : line.split(" ", -1)) {
            if (col > 0 && col + 1 + word.length() > 78) {
                out.append("\r\n");
                col = 0;
            }
            if (out.length() > 0) {
                out.append(' ');
                col++;
            }
            out.append(word);
            col += word.length();
        }
        return out.toString();
    }
}
