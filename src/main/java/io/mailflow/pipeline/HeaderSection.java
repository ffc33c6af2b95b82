package io.mailflow.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * The header section of a message (RFC 5322 §2.2), unfolded, as far as end-of-data processing
 * needs it. Reads only the bytes given; never the body.
 *
 * @param fields the header fields in order
 * @param complete true when the section ended with an empty line (or the message has no body)
 *        within the bytes read
 */
public record HeaderSection(List<Field> fields, boolean complete) {

    /** One header field: its name as written and its unfolded value. */
    public record Field(String name, String value) {
    }

    /**
     * Parses the header section at the start of {@code head}. {@code wholeMessage} tells whether
     * {@code head} is the entire message, so that a message without a body is complete.
     */
    public static HeaderSection parse(byte[] head, boolean wholeMessage) {
        List<Field> fields = new ArrayList<>();
        int i = 0;
        StringBuilder current = null;
        boolean complete = false;
        while (i < head.length) {
            int eol = indexOfCrlf(head, i);
            if (eol < 0) {
                if (wholeMessage) {
                    current = appendLine(fields, current, new String(head, i, head.length - i, StandardCharsets.UTF_8));
                    complete = true;
                }
                i = head.length;
                break;
            }
            if (eol == i) {
                complete = true;
                break;
            }
            current = appendLine(fields, current, new String(head, i, eol - i, StandardCharsets.UTF_8));
            i = eol + 2;
        }
        if (i >= head.length && wholeMessage) {
            complete = true;
        }
        flush(fields, current);
        return new HeaderSection(List.copyOf(fields), complete);
    }

    private static StringBuilder appendLine(List<Field> fields, StringBuilder current, String line) {
        if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
            return current.append(line); // folded continuation (RFC 5322 §2.2.3)
        }
        flush(fields, current);
        return new StringBuilder(line);
    }

    private static void flush(List<Field> fields, StringBuilder line) {
        if (line == null) {
            return;
        }
        int colon = line.indexOf(":");
        if (colon > 0) {
            fields.add(new Field(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The first value of a field, matched case-insensitively, or empty. */
    public String first(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return "";
    }

    /** Every value of a field, in order. */
    public List<String> all(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).toList();
    }

    /** The Subject, with RFC 2047 encoded words decoded. */
    public String subject() {
        return DecoderUtil.decodeEncodedWords(first("Subject"), DecodeMonitor.SILENT);
    }

    /** How many Received: fields name {@code hostname} after "by": hops through this gateway. */
    public int receivedBy(String hostname) {
        String needle = "by " + hostname.toLowerCase(Locale.ROOT);
        int n = 0;
        for (String value : all("Received")) {
            String v = collapseWhitespace(value.toLowerCase(Locale.ROOT));
            for (int at = v.indexOf(needle); at >= 0; at = v.indexOf(needle, at + 1)) {
                int end = at + needle.length();
                boolean startOk = at == 0 || v.charAt(at - 1) == ' ' || v.charAt(at - 1) == ')';
                boolean endOk = end == v.length() || " ;(".indexOf(v.charAt(end)) >= 0;
                if (startOk && endOk) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    /** Runs of white space as one space (a folded Received: field reads as one line). */
    private static String collapseWhitespace(String v) {
        StringBuilder out = new StringBuilder(v.length());
        boolean space = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(c);
        }
        if (space) {
            out.append(' ');
        }
        return out.toString();
    }
}
