package io.mailflow.smtp;

/**
 * Decodes the message text that follows DATA (RFC 5321 §4.1.1.4, §4.5.2): removes the leading
 * dot of stuffed lines and stops at the only end of data there is, {@code CRLF.CRLF}.
 *
 * <p>A bare LF or bare CR anywhere in the text is recorded and, unless this client is listed for
 * normalisation, makes the message unacceptable; either way it never ends the data, so
 * {@code LF.LF}, {@code LF.CRLF}, {@code CRLF.LF} and {@code CR.CRLF} cannot smuggle a second
 * message. With normalisation, a bare LF or CR is stored as CRLF, and the line it begins is
 * unstuffed like any other: a client that ends its lines with LF still doubles a leading dot, so
 * {@code LF..x} is stored as {@code CRLF.x}. A lone dot on such a line is kept as text, since it
 * cannot be the end marker. A NUL byte is always recorded. Bytes beyond {@code maxSize} are read
 * and dropped so the reply can come at the real end.
 */
public final class DataDecoder {

    /** {@code BARE_*}: a line begun by a bare LF or CR, unstuffed but never the start of the end marker. */
    private enum State { LINE_START, IN_LINE, CR, DOT, DOT_CR, BARE_LINE_START, BARE_DOT }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] DOT = {'.'};

    private final long maxSize;
    private final boolean normalize;
    private final ContentSink sink;
    private State state = State.LINE_START;
    private long size;
    private boolean sizeExceeded;
    private boolean bareLineEnding;
    private boolean nul;
    /** A line began with a dot: after unstuffing, a stored line may still begin with one. */
    private boolean leadingDot;

    /**
     * @param maxSize the largest message accepted, in octets after unstuffing
     * @param normalize store a bare LF or CR as CRLF instead of refusing the message
     * @param sink receives the decoded content
     */
    public DataDecoder(long maxSize, boolean normalize, ContentSink sink) {
        this.maxSize = maxSize;
        this.normalize = normalize;
        this.sink = sink;
    }

    /** Consumes what it can; returns true once {@code CRLF.CRLF} has been consumed. */
    public boolean decode(SmtpInput in) {
        byte[] b = in.array();
        int i = in.start();
        int e = in.end();
        try {
            while (i < e) {
                switch (state) {
                    case IN_LINE -> i = run(b, i, e);
                    case LINE_START -> {
                        byte c = b[i++];
                        if (c == '.') {
                            state = State.DOT; // the end marker, or a line that begins with a dot
                        } else {
                            state = State.IN_LINE;
                            inLine(c, b, i - 1);
                        }
                    }
                    case BARE_LINE_START -> {
                        bareLineStart(b[i], b, i);
                        i++;
                    }
                    case CR -> {
                        byte c = b[i++];
                        if (c == '\n') {
                            emit(CRLF, 0, 2);
                            state = State.LINE_START;
                        } else {
                            bareEnding();
                            bareLineStart(c, b, i - 1);
                        }
                    }
                    case DOT -> {
                        byte c = b[i++];
                        if (c == '\r') {
                            state = State.DOT_CR;
                            continue;
                        }
                        leadingDot = true;
                        if (c == '\n') {
                            emit(DOT, 0, 1); // ".<LF>" is not the end of data: keep the line as text
                            bareEnding();
                        } else {
                            state = State.IN_LINE; // a stuffed dot: drop it
                            inLine(c, b, i - 1);
                        }
                    }
                    case DOT_CR -> {
                        byte c = b[i++];
                        if (c == '\n') {
                            return true;
                        }
                        leadingDot = true;
                        bareEnding();
                        bareLineStart(c, b, i - 1);
                    }
                    case BARE_DOT -> {
                        byte c = b[i++];
                        if (c == '\r' || c == '\n') {
                            emit(DOT, 0, 1); // a lone dot after a bare ending: text, as for ".<LF>"
                        }
                        state = State.IN_LINE; // otherwise a stuffed dot: drop it
                        inLine(c, b, i - 1);
                    }
                }
            }
            return false;
        } finally {
            in.consume(i - in.start());
        }
    }

    /**
     * Copies a run of ordinary bytes in one write; returns where the run stopped. A CRLF whose
     * next line does not begin with a dot stays in the run, since nothing is removed there: a
     * message is then stored in a few writes per input buffer, not two per line.
     */
    private int run(byte[] b, int i, int e) {
        int startRun = i;
        while (i < e) {
            i = ByteScan.lineByte(b, i, e);
            if (i + 2 < e && b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] != '.') {
                i += 2; // the next line starts with an ordinary byte (or CR, LF, NUL: handled next round)
                continue;
            }
            break;
        }
        if (i > startRun) {
            emit(b, startRun, i - startRun);
        }
        if (i < e) {
            inLine(b[i], b, i);
            i++;
        }
        return i;
    }

    /** Handles one byte inside a line (never at line start). */
    private void inLine(byte c, byte[] b, int at) {
        switch (c) {
            case '\r' -> state = State.CR;
            case '\n' -> bareEnding();
            case 0 -> nul = true;
            default -> emit(b, at, 1);
        }
    }

    /** The first byte of a line begun by a bare ending: a dot may be stuffing. */
    private void bareLineStart(byte c, byte[] b, int at) {
        if (c == '.') {
            state = State.BARE_DOT;
            leadingDot = true;
        } else {
            state = State.IN_LINE;
            inLine(c, b, at);
        }
    }

    /**
     * A bare CR or LF: refused, or stored as CRLF for listed clients. It begins a line for
     * unstuffing, never for the end marker (RFC 5321 §4.1.1.4: only CRLF.CRLF ends the data).
     */
    private void bareEnding() {
        bareLineEnding = true;
        state = State.BARE_LINE_START;
        if (normalize) {
            emit(CRLF, 0, 2);
        }
    }

    private void emit(byte[] b, int off, int len) {
        size += len;
        if (size > maxSize) {
            sizeExceeded = true;
            return;
        }
        if (!normalize && bareLineEnding || nul) {
            return; // the message will be refused; keep scanning for the end without storing
        }
        sink.write(b, off, len);
    }

    /** Octets of content after unstuffing (counted even beyond the limit). */
    public long size() {
        return size;
    }

    public boolean sizeExceeded() {
        return sizeExceeded;
    }

    /** A bare LF or CR was seen (stored as CRLF when normalising). */
    public boolean bareLineEnding() {
        return bareLineEnding;
    }

    /** True when the message must be refused for its line endings. */
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
