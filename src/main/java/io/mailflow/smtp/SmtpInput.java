package io.mailflow.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Bytes received from a peer and not yet decoded. The I/O layer reads into it ({@link #readFrom},
 * the only method that touches a stream); the decoders take from it without blocking.
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

    /**
     * Reads what the stream has (blocking until at least one byte, as a socket read does) into the
     * buffer, after the bytes not yet consumed. The codec itself does no I/O; this is the one place
     * its callers hand it bytes from a stream. Returns false at the end of the stream.
     */
    public boolean readFrom(InputStream in) throws IOException {
        return readFrom(in, 4096);
    }

    /**
     * As {@link #readFrom(InputStream)}, with room for at least {@code room} bytes: message content
     * is read in large steps (a 1 MiB message in 16 reads rather than 128), commands in small ones,
     * so that an idle session keeps a small buffer.
     */
    public boolean readFrom(InputStream in, int room) throws IOException {
        ensureRoom(room);
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
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

    /** The position of the first LF in the unread bytes, or -1. */
    int indexOfLineFeed() {
        for (int i = start; i < end; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
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
