package io.mailflow.rules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A header section (RFC 5322 §2.2) read from bytes in memory: its fields with their unfolded
 * values and the exact byte range of each, so an editor can keep every field it does not touch.
 * Reading never fails: a first line that is not a field means there is no header at all.
 *
 * @param fields the fields in order
 * @param end where the header section ends: the start of the empty line (or of the body, or of
 *        the end of the bytes read when there is none)
 * @param bodyStart where the body starts, after the empty line
 */
record HeaderFields(List<Field> fields, int end, int bodyStart) {

    /** One header field: its name, its unfolded value, and its raw bytes [start, end), line break included. */
    record Field(String name, String value, int start, int end) {
    }

    /** Reads header fields from {@code start} up to {@code limit}. */
    static HeaderFields read(byte[] b, int start, int limit) {
        List<Field> fields = new ArrayList<>();
        int i = start;
        int fieldStart = -1;
        StringBuilder current = null;
        while (i < limit) {
            int eol = lineEnd(b, i, limit);
            int next = eol < limit ? eol + (b[eol] == '\r' && eol + 1 < limit && b[eol + 1] == '\n' ? 2 : 1) : limit;
            if (eol == i) {
                addField(fields, current, fieldStart, i);
                return new HeaderFields(List.copyOf(fields), i, next); // the empty line ends the header section
            }
            boolean continuation = (b[i] == ' ' || b[i] == '\t') && current != null;
            String line = new String(b, i, eol - i, StandardCharsets.UTF_8);
            if (continuation) {
                current.append(line);
            } else {
                if (current == null && fields.isEmpty() && line.indexOf(':') <= 0) {
                    return new HeaderFields(List.of(), start, start); // not a header at all: the whole entity is body
                }
                addField(fields, current, fieldStart, i);
                current = new StringBuilder(line);
                fieldStart = i;
            }
            i = next;
        }
        addField(fields, current, fieldStart, limit);
        return new HeaderFields(List.copyOf(fields), limit, limit);
    }

    /** The first value of the named field (case-insensitive), or null. */
    String value(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
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

    /** Where the line starting at {@code from} ends: at its LF or CRLF, or at {@code end}. */
    static int lineEnd(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == '\n' || b[i] == '\r' && i + 1 < end && b[i + 1] == '\n') {
                return i;
            }
        }
        return end;
    }
}
