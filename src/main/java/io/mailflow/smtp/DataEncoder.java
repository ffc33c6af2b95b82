package io.mailflow.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes message content after DATA (RFC 5321 §4.5.2): a line that starts with a dot gets a second
 * one, and the data ends with {@code CRLF.CRLF}. The content is stored with CRLF line endings only
 * (bare CR/LF never got in), so nothing here can emit a bare line ending for a next hop to
 * misread.
 */
public final class DataEncoder {

    private static final byte[] END = {'.', '\r', '\n'};
    private static final byte[] CRLF_END = {'\r', '\n', '.', '\r', '\n'};

    private DataEncoder() {
    }

    /** Copies the content, dot-stuffed, followed by the end-of-data line. */
    public static void write(InputStream content, OutputStream out) throws IOException {
        byte[] buf = new byte[64 * 1024];
        byte[] stuffed = new byte[2 * buf.length];
        boolean lineStart = true;
        int last = '\n';
        for (int n = content.read(buf); n > 0; n = content.read(buf)) {
            int o = 0;
            for (int i = 0; i < n; i++) {
                byte c = buf[i];
                if (lineStart && c == '.') {
                    stuffed[o++] = '.';
                }
                stuffed[o++] = c;
                lineStart = c == '\n';
            }
            out.write(stuffed, 0, o);
            last = buf[n - 1];
        }
        out.write(last == '\n' ? END : CRLF_END);
    }
}
