package io.mailflow.rules;

import io.mailflow.message.HeaderText;
import io.mailflow.message.MessageContent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Changes to the top-level header section that rules make. Every field the rule does not touch
 * keeps its exact bytes, and the body is not copied: the changed message is the new header
 * followed by the original's body ({@link MessageContent#slice}). New values with non-ASCII text
 * are written as RFC 2047 encoded words.
 */
final class HeaderEditor {

    private HeaderEditor() {
    }

    /** Sets a field: the first of that name is replaced, any further ones removed; added at the end if absent. */
    static MessageContent set(MessageView view, String name, String value) {
        byte[] head = view.head();
        HeaderFields header = view.header();
        byte[] field = field(name, value);
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.end() + field.length);
        int at = 0;
        boolean done = false;
        for (HeaderFields.Field f : header.fields()) {
            if (f.name().equalsIgnoreCase(name)) {
                out.write(head, at, f.start() - at);
                if (!done) {
                    out.writeBytes(field);
                    done = true;
                }
                at = f.end();
            }
        }
        return finish(view, out, at, done ? null : field);
    }

    /** Removes every field of that name. */
    static MessageContent remove(MessageView view, String name) {
        byte[] head = view.head();
        ByteArrayOutputStream out = new ByteArrayOutputStream(view.header().end());
        int at = 0;
        for (HeaderFields.Field f : view.header().fields()) {
            if (f.name().equalsIgnoreCase(name)) {
                out.write(head, at, f.start() - at);
                at = f.end();
            }
        }
        return finish(view, out, at, null);
    }

    /** Adds addresses to an address field (To, Cc), creating it if absent. */
    static MessageContent appendAddresses(MessageView view, String name, List<String> addresses) {
        byte[] head = view.head();
        String joined = String.join(", ", addresses);
        HeaderFields.Field first = view.header().fields().stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst()
                .orElse(null);
        if (first == null) {
            return set(view, name, joined);
        }
        // the raw value stays as written (it may hold encoded display names); only our addresses are appended
        String raw = new String(head, first.start(), first.end() - first.start(), StandardCharsets.UTF_8).stripTrailing();
        byte[] replaced = (raw + ",\r\n " + joined + "\r\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(view.header().end() + replaced.length);
        out.write(head, 0, first.start());
        out.writeBytes(replaced);
        return finish(view, out, first.end(), null);
    }

    /**
     * The rest of the header after the last change (plus a new field at its end), then the
     * original from the header's end on: its empty line and its body, not copied.
     */
    private static MessageContent finish(MessageView view, ByteArrayOutputStream out, int at, byte[] appended) {
        int headerEnd = view.header().end();
        out.write(view.head(), at, headerEnd - at);
        if (appended != null) {
            out.writeBytes(appended);
        }
        MessageContent original = view.content();
        return MessageContent.concat(MessageContent.ofBytes(out.toByteArray()), original.slice(headerEnd, original.size()));
    }

    /** {@code Name: value CRLF}, the value encoded (RFC 2047) when it is not plain ASCII, folded at 78 columns. */
    static byte[] field(String name, String value) {
        return (fold(name + ": " + HeaderText.encode(value, name.length() + 2)) + "\r\n").getBytes(StandardCharsets.US_ASCII);
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
