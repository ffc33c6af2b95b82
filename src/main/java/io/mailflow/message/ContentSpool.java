package io.mailflow.message;

import java.io.IOException;

/**
 * Where a session writes a message's bytes while they arrive, so that they are written once:
 * the store's spool, whose group commit later makes them durable together with the message's
 * queue rows. Until then they are not durable, and a message that is refused or never finished
 * takes no space for long.
 */
public interface ContentSpool {

    /** A writer for one message's content. */
    Writer create() throws IOException;

    /** One message's content as it arrives. */
    interface Writer {

        /** Appends bytes (CRLF line endings, no dot-stuffing). */
        void write(byte[] b, int off, int len) throws IOException;

        /**
         * The content written, which owns its place in the spool until it is stored or released
         * ({@link MessageContent#release()}); the writer must not be used afterwards.
         */
        MessageContent finish() throws IOException;

        /** Drops what was written (a refused or broken-off message). */
        void discard();
    }
}
