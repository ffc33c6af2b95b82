package io.mailflow.rules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One MIME entity (RFC 2045/2046) of a message held in memory: its header fields and the byte
 * range of its body, and for a multipart its parts. Parsing never copies the message and never
 * fails: whatever does not parse as MIME is a leaf with the bytes it has.
 */
final class MimeEntity {

    /** Nesting deeper than this is treated as an opaque leaf (a defence, as in Postfix). */
    static final int MAX_DEPTH = 20;
    /** More parts than this in one message are left unparsed. */
    static final int MAX_PARTS = 1000;

    /** One header field: its name, its unfolded value, and its raw bytes [start, end), line break included. */
    record Field(String name, String value, int start, int end) {
    }

    final byte[] buf;
    final int start;
    final int bodyStart;
    final int end;
    final List<Field> fields;
    final ContentType type;
    final List<MimeEntity> parts;

    private MimeEntity(byte[] buf, int start, int bodyStart, int end, List<Field> fields, ContentType type, List<MimeEntity> parts) {
        this.buf = buf;
        this.start = start;
        this.bodyStart = bodyStart;
        this.end = end;
        this.fields = fields;
        this.type = type;
        this.parts = parts;
    }

    /** The top-level header fields of a message, without looking at its body. */
    static List<Field> topHeader(byte[] message) {
        List<Field> fields = new ArrayList<>();
        readHeader(message, 0, message.length, fields);
        return List.copyOf(fields);
    }

    static MimeEntity parse(byte[] message) {
        return parse(message, 0, message.length, 0, new int[] {0}, ContentType.TEXT_PLAIN);
    }

    private static MimeEntity parse(byte[] b, int start, int end, int depth, int[] count, ContentType defaultType) {
        count[0]++;
        List<Field> fields = new ArrayList<>();
        int bodyStart = readHeader(b, start, end, fields);
        String ct = value(fields, "Content-Type");
        ContentType type = ct == null ? defaultType : ContentType.parse(ct);
        List<MimeEntity> parts = List.of();
        if (type.isMultipart() && type.param("boundary") != null && depth < MAX_DEPTH && count[0] < MAX_PARTS) {
            ContentType childDefault = type.subtype().equals("digest") ? ContentType.MESSAGE_RFC822 : ContentType.TEXT_PLAIN;
            List<int[]> ranges = split(b, bodyStart, end, type.param("boundary"));
            List<MimeEntity> children = new ArrayList<>();
            for (int[] r : ranges) {
                if (count[0] >= MAX_PARTS) {
                    break;
                }
                children.add(parse(b, r[0], r[1], depth + 1, count, childDefault));
            }
            parts = List.copyOf(children);
        }
        return new MimeEntity(b, start, bodyStart, end, List.copyOf(fields), type, parts);
    }

    /** Reads header fields from {@code start}; returns where the body starts (after the empty line). */
    private static int readHeader(byte[] b, int start, int end, List<Field> fields) {
        int i = start;
        int fieldStart = -1;
        StringBuilder current = null;
        while (i < end) {
            int eol = lineEnd(b, i, end);
            int next = eol < end ? eol + (b[eol] == '\r' && eol + 1 < end && b[eol + 1] == '\n' ? 2 : 1) : end;
            if (eol == i) {
                addField(fields, current, fieldStart, i);
                return next; // the empty line ends the header section
            }
            boolean continuation = (b[i] == ' ' || b[i] == '\t') && current != null;
            String line = new String(b, i, eol - i, StandardCharsets.UTF_8);
            if (continuation) {
                current.append(line);
            } else {
                if (current == null && fields.isEmpty() && line.indexOf(':') <= 0) {
                    return start; // not a header at all: the whole entity is body
                }
                addField(fields, current, fieldStart, i);
                current = new StringBuilder(line);
                fieldStart = i;
            }
            i = next;
        }
        addField(fields, current, fieldStart, end);
        return end;
    }

    private static void addField(List<Field> fields, StringBuilder line, int start, int end) {
        if (line == null) {
            return;
        }
        int colon = line.indexOf(":");
        if (colon > 0) {
            fields.add(new Field(line.substring(0, colon).strip(), line.substring(colon + 1).strip(), start, end));
        }
    }

    private static int lineEnd(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == '\n' || b[i] == '\r' && i + 1 < end && b[i + 1] == '\n') {
                return i;
            }
        }
        return end;
    }

    /**
     * The byte ranges of the parts of a multipart body (RFC 2046 §5.1.1): between delimiter lines
     * {@code --boundary}, up to {@code --boundary--}. The line break before a delimiter belongs to it.
     */
    private static List<int[]> split(byte[] b, int from, int end, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<int[]> out = new ArrayList<>();
        int partStart = -1;
        int i = from;
        while (i < end) {
            int eol = lineEnd(b, i, end);
            int next = eol < end ? eol + (b[eol] == '\r' ? 2 : 1) : end;
            if (startsWith(b, i, eol, delimiter)) {
                int after = i + delimiter.length;
                boolean close = after + 2 <= eol && b[after] == '-' && b[after + 1] == '-';
                boolean plain = isBlank(b, close ? after + 2 : after, eol);
                if (plain) {
                    if (partStart >= 0) {
                        int partEnd = i;
                        if (partEnd - 2 >= partStart && b[partEnd - 2] == '\r' && b[partEnd - 1] == '\n') {
                            partEnd -= 2;
                        } else if (partEnd - 1 >= partStart && b[partEnd - 1] == '\n') {
                            partEnd -= 1;
                        }
                        out.add(new int[] {partStart, partEnd});
                    }
                    if (close) {
                        return out;
                    }
                    partStart = next;
                }
            }
            i = next;
        }
        if (partStart >= 0 && partStart < end) {
            out.add(new int[] {partStart, end}); // no closing delimiter: the last part runs to the end
        }
        return out;
    }

    private static boolean startsWith(byte[] b, int at, int lineEnd, byte[] prefix) {
        if (lineEnd - at < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int k = from; k < to; k++) {
            if (b[k] != ' ' && b[k] != '\t') {
                return false;
            }
        }
        return true;
    }

    static String value(List<Field> fields, String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    String header(String name) {
        return value(fields, name);
    }

    boolean isMultipart() {
        return !parts.isEmpty() || type.isMultipart();
    }

    String transferEncoding() {
        String cte = header("Content-Transfer-Encoding");
        return cte == null ? "7bit" : cte.strip().toLowerCase(Locale.ROOT);
    }

    /** The body's bytes with the transfer encoding undone. */
    byte[] decodedBody() {
        return TransferEncoding.decode(transferEncoding(), buf, bodyStart, end);
    }

    /** The file name of an attachment: Content-Disposition's filename, else Content-Type's name; null if none. */
    String fileName() {
        String disposition = header("Content-Disposition");
        String name = disposition == null ? null : ContentType.parse("x/x;" + afterValue(disposition)).param("filename");
        if (name == null) {
            name = type.param("name");
        }
        return name == null ? null : EncodedWords.decode(name);
    }

    /** True when Content-Disposition says attachment. */
    boolean dispositionAttachment() {
        String d = header("Content-Disposition");
        return d != null && d.strip().toLowerCase(Locale.ROOT).startsWith("attachment");
    }

    private static String afterValue(String disposition) {
        int semi = disposition.indexOf(';');
        return semi < 0 ? "" : disposition.substring(semi + 1);
    }

    /** Every leaf entity, depth first, in order. */
    List<MimeEntity> leaves() {
        List<MimeEntity> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(MimeEntity e, List<MimeEntity> out) {
        if (e.parts.isEmpty()) {
            out.add(e);
        } else {
            e.parts.forEach(p -> collect(p, out));
        }
    }
}
