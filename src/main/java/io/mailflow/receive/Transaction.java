package io.mailflow.receive;

import io.mailflow.pipeline.Envelope;
import io.mailflow.smtp.MailParameters;
import io.mailflow.smtp.SmtpPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One mail transaction, from MAIL to the end of the message (RFC 5321 §3.3). */
final class Transaction {

    final SmtpPath sender;
    final MailParameters parameters;
    /** Decided at MAIL FROM: whether recipients outside the accepted domains are allowed. */
    final RelayRight relay;
    final List<Envelope.Recipient> recipients = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    /** Set once the content starts: DATA or the first BDAT. */
    ContentBuffer content;
    boolean chunked;
    /** RCPTs answered 452 for too many recipients. */
    int overLimit;

    Transaction(SmtpPath sender, MailParameters parameters, RelayRight relay) {
        this.sender = sender;
        this.parameters = parameters;
        this.relay = relay;
    }

    /** Adds a recipient once; a repeated RCPT for the same address is accepted but not doubled (false). */
    boolean add(Envelope.Recipient recipient) {
        if (!seen.add(recipient.address().key())) {
            return false;
        }
        recipients.add(recipient);
        return true;
    }

    int recipientCount() {
        return recipients.size();
    }

    void discardContent() {
        if (content != null) {
            content.discard();
            content = null;
        }
    }
}
