package io.mailflow.smtp;

import java.util.Arrays;

/**
 * Bytes received from a peer and not yet decoded. The I/O layer reads into it; the decoders take
 * from it. Nothing here blocks.
 */
public final class SmtpInput {

    private byte[] buf = new byte[8192];
    private int start;
    private int end;

    /** Appends bytes received from the peer. */
    public void feed(byte[] bytes, int off, int len) {
        ensureRoom(len);
        System.arraycopy(bytes, off, buf, end, len);
        end += len;
    }

    /** Makes room for at least {@code min} more bytes and returns the array to read into at {@link #writeOffset()}. */
    public byte[] writableArray(int min) {
        ensureRoom(min);
        return buf;
    }

    public int writeOffset() {
        return end;
    }

    public int writableLength() {
        return buf.length - end;
    }

    /** Records that {@code n} bytes were read into the array returned by {@link #writableArray(int)}. */
    public void commitWrite(int n) {
        end += n;
    }

    public int available() {
        return end - start;
    }

    /** Drops every buffered byte (STARTTLS: RFC 3207 §4.2, CVE-2011-0411). */
    public void clear() {
        start = 0;
        end = 0;
    }

    byte[] array() {
        return buf;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    void consume(int n) {
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    private void ensureRoom(int len) {
        if (buf.length - end >= len) {
            return;
        }
        int live = end - start;
        if (start > 0 && buf.length - live >= len && live < buf.length / 2) {
            System.arraycopy(buf, start, buf, 0, live);
        } else {
            buf = Arrays.copyOfRange(buf, start, start + Math.max(buf.length * 2, live + len));
        }
        start = 0;
        end = live;
    }
}
