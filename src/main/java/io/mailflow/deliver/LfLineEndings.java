package io.mailflow.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Copies message text into a file with LF line endings, as Maildir readers expect and Postfix's
 * local delivery writes: each CRLF becomes LF, a CR not followed by LF stays as it is. Streams in
 * fixed-size blocks, so a message of any size needs 128 KiB here.
 */
final class LfLineEndings {

    private static final int BLOCK = 64 * 1024;

    private LfLineEndings() {
    }

    /** Writes all of {@code in}, converted; returns the number of bytes written. */
    static long copy(InputStream in, FileChannel out) throws IOException {
        byte[] src = new byte[BLOCK];
        byte[] dst = new byte[BLOCK + 1];
        boolean pendingCr = false;
        long written = 0;
        for (int n = in.read(src); n >= 0; n = in.read(src)) {
            int d = 0;
            for (int i = 0; i < n; i++) {
                byte c = src[i];
                if (pendingCr && c != '\n') {
                    dst[d++] = '\r'; // a bare CR: kept
                }
                pendingCr = c == '\r';
                if (!pendingCr) {
                    dst[d++] = c;
                }
            }
            written += writeFully(out, dst, d);
        }
        if (pendingCr) {
            dst[0] = '\r';
            written += writeFully(out, dst, 1);
        }
        return written;
    }

    private static int writeFully(FileChannel out, byte[] b, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, 0, len);
        while (buf.hasRemaining()) {
            out.write(buf);
        }
        return len;
    }
}
