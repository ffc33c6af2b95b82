package io.mailflow.receive;

import io.mailflow.smtp.SmtpCommand;
import io.mailflow.smtp.SmtpVerb;

/**
 * What the client last asked for, in the words a refusal's log line uses: the verb, and the
 * envelope addresses it concerned. Taken when the command arrives, so that a reply given later (at
 * the end of the message, after the transaction is gone) still names them.
 */
final class LastCommand {

    private String verb = "CONNECT";
    private String from;
    private String to;

    /** A parsed command, in the state it found the session in. */
    void heard(SmtpCommand command, SessionState state) {
        verb = command.verb().name();
        Transaction tx = state instanceof SessionState.InMail m ? m.transaction() : null;
        from = command instanceof SmtpCommand.Mail mail ? mail.path().toPathString() : tx == null ? null : tx.sender.toPathString();
        to = switch (command) {
            case SmtpCommand.Rcpt r -> r.path().toPathString();
            case SmtpCommand.Data d when tx != null && tx.recipientCount() > 0 -> "<" + tx.recipients.getFirst().address() + ">";
            case SmtpCommand.Bdat b when tx != null && tx.recipientCount() > 0 -> "<" + tx.recipients.getFirst().address() + ">";
            default -> null;
        };
    }

    /** A line that could not be parsed: its verb if it has a known one (never the client's own text). */
    void unparsed(String line, SessionState state) {
        SmtpVerb known = line == null ? null : SmtpVerb.of(line.split(" ", 2)[0]);
        verb = known == null ? "UNKNOWN" : known.name();
        from = state instanceof SessionState.InMail m ? m.transaction().sender.toPathString() : null;
        to = null;
    }

    String verb() {
        return verb;
    }

    String from() {
        return from;
    }

    String to() {
        return to;
    }
}
