package io.mailflow.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes SMTP replies from an {@link SmtpInput} on the client side: {@code 250-a CRLF 250 b CRLF}
 * becomes one {@link Reply}. A malformed line makes the whole reply malformed (the connection is
 * then not trusted any further). Lines are limited so a hostile server cannot fill memory.
 */
public final class ReplyDecoder {

    /** What the next reply is. */
    public sealed interface Result {
        record Complete(Reply reply) implements Result {
        }

        record Incomplete() implements Result {
        }

        record Malformed(String why) implements Result {
        }
    }

    private static final int MAX_LINE = 4096;
    private static final int MAX_LINES = 200;
    private static final Result INCOMPLETE = new Result.Incomplete();

    private final List<String> lines = new ArrayList<>();
    private int code = -1;

    public Result next(SmtpInput in) {
        while (true) {
            byte[] b = in.array();
            int s = in.start();
            int e = in.end();
            int lf = in.indexOfLineFeed();
            if (lf < 0) {
                return e - s > MAX_LINE ? malformed("reply line too long") : INCOMPLETE;
            }
            int end = lf > s && b[lf - 1] == '\r' ? lf - 1 : lf; // servers that send bare LF are tolerated on replies
            String line = new String(b, s, end - s, StandardCharsets.UTF_8);
            in.consume(lf + 1 - s);
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2)) || line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') {
                return malformed("not an SMTP reply: " + abbreviate(line));
            }
            int c = Integer.parseInt(line.substring(0, 3));
            if (c < 200 || c > 599 || code >= 0 && c != code) {
                return malformed("bad reply code in: " + abbreviate(line));
            }
            code = c;
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (lines.size() > MAX_LINES) {
                return malformed("reply has too many lines");
            }
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new Result.Complete(finish());
            }
        }
    }

    /** An enhanced status code (RFC 2034: class.subject.detail, one to three digits each); every reply is checked. */
    private static boolean isEnhancedCode(String t) {
        if (t.length() < 5 || t.charAt(0) < '2' || t.charAt(0) > '5' || t.charAt(0) == '3' || t.charAt(1) != '.') {
            return false;
        }
        int i = 2;
        for (int part = 0; part < 2; part++) {
            int start = i;
            while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                i++;
            }
            if (i == start || i - start > 3 || part == 0 && (i == t.length() || t.charAt(i++) != '.')) {
                return false;
            }
        }
        return i == t.length();
    }

    private Reply finish() {
        String enhanced = null;
        List<String> text = new ArrayList<>(lines);
        String first = text.getFirst();
        int space = first.indexOf(' ');
        String candidate = space < 0 ? first : first.substring(0, space);
        if (isEnhancedCode(candidate) && candidate.charAt(0) == Character.forDigit(code / 100, 10)) {
            enhanced = candidate;
            for (int i = 0; i < text.size(); i++) {
                String l = text.get(i);
                text.set(i, l.startsWith(enhanced) ? l.substring(enhanced.length()).stripLeading() : l);
            }
        }
        text.replaceAll(t -> t.isEmpty() ? " " : t);
        Reply r = new Reply(code, enhanced, List.copyOf(text));
        lines.clear();
        code = -1;
        return r;
    }

    private Result malformed(String why) {
        lines.clear();
        code = -1;
        return new Result.Malformed(why);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
