package io.mailflow.receive;

/** Where an SMTP session stands (RFC 5321 §4.1.4 command order). */
sealed interface SessionState {

    /** Connected, no HELO/EHLO yet (again, after STARTTLS). */
    record Connected() implements SessionState {
    }

    /** Greeted with HELO ({@code esmtp} false) or EHLO; no transaction. */
    record Greeted(String helo, boolean esmtp) implements SessionState {
    }

    /** Inside a mail transaction. */
    record InMail(String helo, boolean esmtp, Transaction transaction) implements SessionState {
    }
}
