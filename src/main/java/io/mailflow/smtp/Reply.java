package io.mailflow.smtp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An SMTP reply: a three-digit code, an optional enhanced status code (RFC 3463) and one or more
 * lines of text.
 */
public record Reply(int code, String enhancedCode, List<String> lines) {

    public Reply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs text");
        }
    }

    public static Reply of(int code, String enhancedCode, String text) {
        return new Reply(code, enhancedCode, List.of(text));
    }

    public boolean isPositive() {
        return code < 400;
    }

    public boolean isTransient() {
        return code >= 400 && code < 500;
    }

    public boolean isPermanent() {
        return code >= 500;
    }

    /** The reply as one line of text, as logs, traces and DSN Diagnostic-Code fields show it. */
    public String text() {
        String prefix = code + (enhancedCode == null ? " " : " " + enhancedCode + " ");
        return prefix + String.join(" ", lines);
    }

    /** The reply on the wire: {@code 250-first}, ..., {@code 250 last}, each ending in CRLF. */
    public byte[] encode() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            b.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (enhancedCode != null) {
                b.append(enhancedCode).append(' ');
            }
            b.append(lines.get(i)).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text();
    }
}
