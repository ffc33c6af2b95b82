package io.mailflow.smtp;

/**
 * Takes the octets of BDAT chunks (RFC 3030): exactly the announced count, no dot-stuffing, no end
 * marker. The same content rules as DATA apply, across chunk boundaries too: a bare CR or LF is
 * refused (or stored as CRLF for listed clients), a NUL is recorded, octets beyond the size limit
 * are counted and dropped.
 */
public final class ChunkDecoder {

    private static final byte[] CRLF = {'\r', '\n'};

    private final long maxSize;
    private final boolean normalize;
    private final ContentSink sink;
    private boolean pendingCr;
    /** The next octet starts a line; and whether a line started with a dot. */
    private boolean lineStart = true;
    private boolean leadingDot;
    private long size;
    private boolean bareLineEnding;
    private boolean nul;

    public ChunkDecoder(long maxSize, boolean normalize, ContentSink sink) {
        this.maxSize = maxSize;
        this.normalize = normalize;
        this.sink = sink;
    }

    /**
     * Takes up to {@code wanted} octets from the input; returns how many it took. Runs of ordinary
     * lines, CRLFs included, go to the sink in one write (found eight bytes a step); only a CR at
     * the end of the input waits for the next octet.
     */
    public long take(SmtpInput in, long wanted) {
        byte[] b = in.array();
        int s = in.start();
        int n = (int) Math.min(wanted, in.available());
        int end = s + n;
        int run = s;
        int i = s;
        if (pendingCr && i < end) {
            pendingCr = false;
            if (b[i] == '\n') {
                out(CRLF, 0, 2);
                run = ++i;
            } else {
                bare();
            }
            lineStart = true;
        }
        while (i < end) {
            if (lineStart) {
                lineStart = false;
                leadingDot |= b[i] == '.';
            }
            int j = ByteScan.lineByte(b, i, end);
            if (j == end) {
                break;
            }
            byte c = b[j];
            if (c == '\r' && j + 1 < end && b[j + 1] == '\n') {
                i = j + 2; // CRLF stays in the run
                lineStart = true;
                continue;
            }
            flush(b, run, j);
            run = i = j + 1;
            if (c == '\r' && i == end) {
                pendingCr = true; // its LF may come with the next octets
            } else if (c == '\r' || c == '\n') {
                bare();
                lineStart = true;
            } else {
                nul = true;
            }
        }
        flush(b, run, end);
        in.consume(n);
        return n;
    }

    /** Call after the LAST chunk: a CR at the very end is a bare CR. */
    public void finish() {
        if (pendingCr) {
            pendingCr = false;
            bare();
        }
    }

    private void bare() {
        bareLineEnding = true;
        if (normalize) {
            out(CRLF, 0, 2);
        }
    }

    private void flush(byte[] b, int from, int to) {
        if (to > from) {
            out(b, from, to - from);
        }
    }

    private void out(byte[] b, int off, int len) {
        size += len;
        if (size > maxSize || !normalize && bareLineEnding || nul) {
            return;
        }
        sink.write(b, off, len);
    }

    public long size() {
        return size;
    }

    public boolean sizeExceeded() {
        return size > maxSize;
    }

    public boolean refusedForLineEndings() {
        return bareLineEnding && !normalize;
    }

    public boolean nul() {
        return nul;
    }

    /** Whether a line of the content, as stored, may begin with a dot (DATA would have to stuff it). */
    public boolean leadingDot() {
        return leadingDot;
    }
}
