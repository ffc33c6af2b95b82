package io.mailflow.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes message content after DATA (RFC 5321 §4.5.2): a line that starts with a dot gets a second
 * one, and the data ends with {@code CRLF.CRLF}. The content is stored with CRLF line endings only
 * (bare CR/LF never got in), so nothing here can emit a bare line ending for a next hop to
 * misread. One encoder per connection: its buffer, sized to the messages it has seen (at most
 * {@link #MAX_BUFFER}), serves every message sent on it, and runs of bytes are written straight
 * from it; only a stuffed dot is written on its own.
 */
public final class DataEncoder {

    private static final int MAX_BUFFER = 64 * 1024;
    private static final byte[] DOT = {'.'};
    private static final byte[] END = {'.', '\r', '\n'};
    private static final byte[] CRLF_END = {'\r', '\n', '.', '\r', '\n'};

    private byte[] buf = new byte[0];
    /** The message being written: whether the next byte starts a line, and the last byte written. */
    private boolean lineStart = true;
    private int last = '\n';

    /** Copies {@code size} bytes of content (its length, for the buffer's size), dot-stuffed, then the end-of-data line. */
    public void write(InputStream content, long size, OutputStream out) throws IOException {
        begin();
        encode(content, size, out);
        end(out);
    }

    /** Starts a message that is written in parts ({@link #encode}, {@link #passedThrough}, then {@link #end}). */
    public void begin() {
        lineStart = true;
        last = '\n';
    }

    /** Writes {@code size} bytes of the message, dot-stuffed. */
    public void encode(InputStream content, long size, OutputStream out) throws IOException {
        int want = (int) Math.min(MAX_BUFFER, Math.max(512, size));
        if (buf.length < want) {
            buf = new byte[want];
        }
        for (int n = content.read(buf); n > 0; n = content.read(buf)) {
            int run = 0;
            // Only a dot can need stuffing: find the dots (ByteScan, eight bytes a step), then
            // look whether each starts a line (this loop sees every byte of every message sent).
            for (int i = ByteScan.indexOf(buf, 0, n, (byte) '.'); i < n; i = ByteScan.indexOf(buf, i + 1, n, (byte) '.')) {
                if (i == 0 ? lineStart : buf[i - 1] == '\n') {
                    out.write(buf, run, i - run);
                    out.write(DOT); // the dot of the line follows in the next run
                    run = i;
                }
            }
            lineStart = buf[n - 1] == '\n';
            out.write(buf, run, n - run);
            last = buf[n - 1];
        }
    }

    /**
     * Bytes of the message were sent as they are, by the caller (the kernel, from the spool): they
     * held no line that begins with a dot, and {@code lastByte} was the last of them.
     */
    public void passedThrough(byte lastByte) {
        last = lastByte;
        lineStart = lastByte == '\n';
    }

    /** The end-of-data line, after a line break if the message did not end with one. */
    public void end(OutputStream out) throws IOException {
        out.write(last == '\n' ? END : CRLF_END);
    }
}
