package io.mailflow.rules;

import io.mailflow.message.MessageContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Where the MIME parts of a message are (RFC 2045/2046): the byte offsets of each part, its
 * body and its end, read in one pass over the content as a stream. Only the structure is kept,
 * never a body, so a 36 MB message costs a few hundred bytes per part; the disclaimer editor uses
 * it to change exactly the parts it must and keep every other byte, and the rules read the body
 * text from the parts it found ({@link BodyScan}), so that what a condition read and what a
 * disclaimer changes are the same parts.
 */
final class MimeStructure {

    /** Parts after this many are not looked at; the message is then treated as one we cannot edit. */
    static final int MAX_PARTS = BodyScan.MAX_PARTS;

    /**
     * One part: [start, end) in the content, its body from {@code bodyStart}; the fields that say
     * what it is; its children when it is a multipart that was read.
     */
    static final class Part {
        final long start;
        long bodyStart;
        long end;
        ContentType type = ContentType.TEXT_PLAIN;
        String disposition;
        String transferEncoding;
        final List<Part> children = new ArrayList<>();

        Part(long start) {
            this.start = start;
        }

        String fileName() {
            return ContentType.fileName(disposition, type);
        }

        boolean isBodyText() {
            return MessageView.isBodyText(type, ContentType.isAttachment(disposition), fileName());
        }
    }

    /** The structure, and whether it was read completely (false: too many parts or nested too deep). */
    record Result(Part root, boolean complete) {
    }

    private MimeStructure() {
    }

    static Result scan(MessageContent content) {
        try (InputStream in = content.open()) {
            return new Scanner(new Lines(in)).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An open multipart: its delimiter, and the part now being read inside it. */
    private record Frame(Part multipart, byte[] delimiter, Part[] current) {
    }

    private static final class Scanner {
        private final Lines lines;
        private final Deque<Frame> open = new ArrayDeque<>();
        private int parts;
        private boolean complete = true;
        private boolean stopped;

        Scanner(Lines lines) {
            this.lines = lines;
        }

        Result run() throws IOException {
            Part root = new Part(0);
            readPart(root, ContentType.TEXT_PLAIN);
            while (!stopped && lines.next()) {
                Frame f = delimiterFrame();
                if (f != null) {
                    delimiter(f);
                }
            }
            closeAll(lines.position());
            root.end = lines.position();
            return new Result(root, complete);
        }

        /** Reads a part's header from the next line; a multipart's body is then read by the main loop. */
        private void readPart(Part p, ContentType defaultType) throws IOException {
            if (++parts > MAX_PARTS) {
                complete = false;
                stopped = true; // the structure kept so far is all there will be
                return;
            }
            p.type = defaultType;
            StringBuilder field = null;
            boolean first = true;
            while (lines.next()) {
                if (lines.isEmpty()) {
                    header(p, field);
                    p.bodyStart = lines.nextStart();
                    openIfMultipart(p);
                    return;
                }
                String text = lines.text();
                if (delimiterFrame() != null || first && text.indexOf(':') <= 0) {
                    // A delimiter ends the part even inside its header; a first line that is not a
                    // field means the part has no header at all: all of it is body.
                    header(p, field);
                    p.bodyStart = first ? p.start : lines.start();
                    lines.pushBack();
                    return;
                }
                first = false;
                if ((text.startsWith(" ") || text.startsWith("\t")) && field != null) {
                    if (field.length() < HEADER_FIELD_LIMIT) {
                        field.append(text);
                    }
                } else {
                    header(p, field);
                    field = new StringBuilder(text);
                }
            }
            header(p, field);
            p.bodyStart = lines.position();
        }

        private static void header(Part p, StringBuilder field) {
            if (field == null) {
                return;
            }
            int colon = field.indexOf(":");
            if (colon <= 0) {
                return;
            }
            String name = field.substring(0, colon).strip();
            String value = field.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Content-Type")) {
                p.type = ContentType.parse(value);
            } else if (name.equalsIgnoreCase("Content-Disposition") && p.disposition == null) {
                p.disposition = value;
            } else if (name.equalsIgnoreCase("Content-Transfer-Encoding") && p.transferEncoding == null) {
                p.transferEncoding = value;
            }
        }

        private void openIfMultipart(Part p) {
            String boundary = p.type.param("boundary");
            if (!p.type.isMultipart() || boundary == null || boundary.isEmpty()) {
                return;
            }
            if (open.size() >= BodyScan.MAX_DEPTH || parts >= MAX_PARTS) {
                complete = false;
                return;
            }
            open.push(new Frame(p, ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1), new Part[1]));
        }

        /** The innermost open multipart whose delimiter the current line is, or null. */
        private Frame delimiterFrame() {
            for (Frame f : open) {
                if (lines.isDelimiter(f.delimiter())) {
                    return f;
                }
            }
            return null;
        }

        /** A delimiter line of {@code f}: the part before it ends; a new one starts unless it is the close delimiter. */
        private void delimiter(Frame f) throws IOException {
            long at = lines.start() - lines.previousBreak(); // the line break before a delimiter belongs to it
            while (open.peek() != f) {
                Frame inner = open.pop(); // a malformed inner multipart that never closed
                closePart(inner, at);
                inner.multipart().end = at;
            }
            closePart(f, at);
            if (lines.isCloseDelimiter(f.delimiter())) {
                open.pop();
                f.multipart().end = lines.nextStart(); // the epilogue is left to the enclosing part
                return;
            }
            Part child = new Part(lines.nextStart());
            f.multipart().children.add(child);
            f.current()[0] = child;
            ContentType childDefault = f.multipart().type.subtype().equals("digest") ? ContentType.MESSAGE_RFC822
                    : ContentType.TEXT_PLAIN;
            readPart(child, childDefault);
        }

        private static void closePart(Frame f, long at) {
            Part p = f.current()[0];
            if (p != null) {
                p.end = Math.max(p.bodyStart, at);
                f.current()[0] = null;
            }
        }

        private void closeAll(long at) {
            while (!open.isEmpty()) {
                Frame f = open.pop();
                closePart(f, at);
                f.multipart().end = at;
            }
        }
    }

    /** Longest header field kept (unfolded): longer values are cut, which only ever loses parameters. */
    static final int HEADER_FIELD_LIMIT = 64 * 1024;

    /**
     * The content as lines with their offsets. A line's first {@link #KEPT} bytes are kept, which is
     * all a delimiter or a header field needs; the rest of a long line is read past.
     */
    private static final class Lines {
        static final int KEPT = 16 * 1024;
        private final InputStream in;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;
        private final byte[] kept = new byte[KEPT];
        private int keptLength;
        private long start;
        private int length;
        private int breakLength;
        private int previousBreak;
        private boolean pushedBack;
        private long nextStart;

        Lines(InputStream in) {
            this.in = in;
        }

        /** Advances to the next line; false at the end of the content. */
        boolean next() throws IOException {
            if (pushedBack) {
                pushedBack = false;
                return true;
            }
            previousBreak = breakLength;
            start = nextStart;
            keptLength = 0;
            length = 0;
            breakLength = 0;
            boolean any = false;
            boolean pendingCr = false; // a CR that ended the buffer: content, or the start of CRLF
            while (true) {
                if (pos == limit && !fill()) {
                    if (pendingCr) {
                        append(CR, 0, 1);
                    }
                    nextStart = start + length;
                    return any;
                }
                any = true;
                int lf = pos;
                while (lf < limit && buf[lf] != '\n') {
                    lf++;
                }
                if (lf == limit) {
                    if (pendingCr) {
                        append(CR, 0, 1);
                    }
                    pendingCr = buf[limit - 1] == '\r';
                    append(buf, pos, limit - (pendingCr ? 1 : 0));
                    pos = limit;
                    continue;
                }
                if (lf == pos && pendingCr) {
                    breakLength = 2;
                } else {
                    if (pendingCr) {
                        append(CR, 0, 1);
                    }
                    boolean crlf = lf > pos && buf[lf - 1] == '\r';
                    append(buf, pos, crlf ? lf - 1 : lf);
                    breakLength = crlf ? 2 : 1;
                }
                pos = lf + 1;
                nextStart = start + length + breakLength;
                return true;
            }
        }

        private static final byte[] CR = {'\r'};

        /** Adds bytes [from, to) of {@code b} to the line: counted all, kept up to {@link #KEPT}. */
        private void append(byte[] b, int from, int to) {
            int n = to - from;
            int keep = Math.min(n, KEPT - keptLength);
            if (keep > 0) {
                System.arraycopy(b, from, kept, keptLength, keep);
                keptLength += keep;
            }
            length += n;
        }

        private boolean fill() throws IOException {
            pos = 0;
            limit = Math.max(0, in.read(buf));
            return limit > 0;
        }

        /** The next call of {@link #next()} returns the current line again. */
        void pushBack() {
            pushedBack = true;
        }

        boolean isEmpty() {
            return length == 0;
        }

        String text() {
            return new String(kept, 0, keptLength, StandardCharsets.UTF_8);
        }

        long start() {
            return start;
        }

        long nextStart() {
            return nextStart;
        }

        /** Where reading stands: the end of the content once {@link #next()} returned false. */
        long position() {
            return nextStart;
        }

        int previousBreak() {
            return start == 0 ? 0 : previousBreak;
        }

        /** RFC 2046 §5.1.1: the delimiter, then optional transport padding (white space) only. */
        boolean isDelimiter(byte[] delimiter) {
            if (keptLength < delimiter.length || length > KEPT) {
                return false;
            }
            for (int k = 0; k < delimiter.length; k++) {
                if (kept[k] != delimiter[k]) {
                    return false;
                }
            }
            int after = delimiter.length;
            if (after + 1 < keptLength && kept[after] == '-' && kept[after + 1] == '-') {
                after += 2;
            }
            return blank(after);
        }

        /** The close delimiter: {@code --boundary--} (only called on a line that {@link #isDelimiter} accepted). */
        boolean isCloseDelimiter(byte[] delimiter) {
            int after = delimiter.length;
            return keptLength >= after + 2 && kept[after] == '-' && kept[after + 1] == '-' && blank(after + 2);
        }

        private boolean blank(int from) {
            for (int k = from; k < keptLength; k++) {
                if (kept[k] != ' ' && kept[k] != '\t') {
                    return false;
                }
            }
            return true;
        }
    }
}
