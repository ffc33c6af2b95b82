package io.mailflow.smtp;

/** A parsed SMTP command. */
public sealed interface SmtpCommand {

    SmtpVerb verb();

    record Helo(String domain) implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.HELO;
        }
    }

    record Ehlo(String domain) implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.EHLO;
        }
    }

    /** MAIL FROM; {@code path.address()} is null for the null reverse-path {@code <>}. */
    record Mail(SmtpPath path, MailParameters parameters) implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.MAIL;
        }
    }

    /**
     * RCPT TO. A null path ({@link SmtpPath#isNull()}) stands for the unqualified
     * {@code <Postmaster>} that RFC 5321 §4.1.1.3 requires every server to accept.
     */
    record Rcpt(SmtpPath path, RcptParameters parameters) implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.RCPT;
        }
    }

    record Data() implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.DATA;
        }
    }

    /** RFC 3030: the next {@code size} octets are message data; {@code last} ends the message. */
    record Bdat(long size, boolean last) implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.BDAT;
        }
    }

    /** A command with no argument that needs none: RSET, NOOP, QUIT, STARTTLS, HELP, EXPN, VRFY. */
    record Simple(SmtpVerb verb, String argument) implements SmtpCommand {
    }

    /** AUTH mechanism [initial-response]. */
    record Auth(String mechanism, String initialResponse) implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.AUTH;
        }
    }
}
