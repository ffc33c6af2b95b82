package io.mailflow.receive;

import io.mailflow.smtp.Reply;

/**
 * What the connection must do after the session handled one input: send a reply (if any), then
 * carry out the action.
 */
record Step(Reply reply, Action action) {

    /** The connection's next move. */
    sealed interface Action {
        /** Read the next command. */
        record Continue() implements Action {
        }

        /** Flush and close the connection. */
        record Close() implements Action {
        }

        /** Discard buffered input, then run the TLS handshake (RFC 3207 §4.2). */
        record StartTls() implements Action {
        }

        /** Read message text up to CRLF.CRLF into the session's decoder. */
        record ReadData() implements Action {
        }

        /** Read exactly {@code size} octets of a BDAT chunk. */
        record ReadChunk(long size, boolean last) implements Action {
        }

        /** Read the client's next line as a response in an AUTH exchange, not as a command. */
        record ReadAuthLine() implements Action {
        }

        /** Wait before sending the reply (a failed login), then read the next command. */
        record ReplyAfter(java.time.Duration delay) implements Action {
        }
    }

    static final Action CONTINUE = new Action.Continue();
    static final Action CLOSE = new Action.Close();

    static Step reply(Reply reply) {
        return new Step(reply, CONTINUE);
    }

    static Step close(Reply reply) {
        return new Step(reply, CLOSE);
    }
}
