package io.mailflow.receive;

import io.mailflow.model.EmailAddress;
import io.mailflow.pipeline.Envelope;
import io.mailflow.pipeline.IntakeResult;
import io.mailflow.smtp.ChunkDecoder;
import io.mailflow.smtp.DataDecoder;
import io.mailflow.smtp.DsnNotify;
import io.mailflow.smtp.Reply;
import io.mailflow.smtp.SmtpCommand;
import io.mailflow.smtp.SmtpReplies;
import io.mailflow.smtp.XText;
import io.mailflow.message.MessageContent;
import java.io.IOException;
import java.util.stream.Collectors;

/** MAIL, RCPT, DATA and BDAT: the commands of a mail transaction (RFC 5321 §3.3, RFC 3030). */
final class MailTransactionCommands {

    private final Session session;
    private DataDecoder dataDecoder;
    private ChunkDecoder chunkDecoder;
    private boolean lastChunk;
    private Reply refusedChunkReply;

    MailTransactionCommands(Session session) {
        this.session = session;
    }

    Step mail(SmtpCommand.Mail m) {
        if (session.state instanceof SessionState.InMail) {
            return session.error(SmtpReplies.NESTED_MAIL);
        }
        SessionState.Greeted g = (SessionState.Greeted) session.state;
        boolean hasParameters = m.parameters().size() >= 0 || m.parameters().body() != null || m.parameters().smtpUtf8()
                || m.parameters().ret() != null || m.parameters().envid() != null || m.parameters().auth() != null;
        // RFC 5321 §4.1.1.11: parameters of an extension that was not offered are refused with 555
        if (!g.esmtp() && hasParameters) {
            return session.error(SmtpReplies.PARAMETERS_NEED_EHLO);
        }
        if (m.parameters().auth() != null && !session.authOffered()) {
            return session.error(SmtpReplies.AUTH_PARAMETER_NOT_OFFERED);
        }
        if (m.path().utf8() && !m.parameters().smtpUtf8()) {
            return Step.reply(SmtpReplies.UTF8_NEEDS_SMTPUTF8);
        }
        if (m.parameters().size() > session.limits.maxMessageSize().bytes()) {
            session.metrics.messageRejected("size");
            return Step.reply(SmtpReplies.MESSAGE_TOO_BIG);
        }
        Step refused = submissionRules(m);
        if (refused != null) {
            return refused;
        }
        RelayRight relay;
        switch (InboundPolicy.onMail(m.path().address(), session.policyFacts(), session.ctx.config())) {
            case InboundPolicy.Decision.Refuse r -> {
                session.metrics.messageRejected("inbound_connector");
                return Step.reply(r.reply());
            }
            case InboundPolicy.Decision.Allow a -> relay = a.relay();
        }
        session.state = new SessionState.InMail(g.helo(), g.esmtp(), new Transaction(m.path(), m.parameters(), relay));
        return Step.reply(SmtpReplies.SENDER_OK);
    }

    /**
     * On a submission listener: AUTH first; an authenticated user sends only from its own
     * addresses or those it may send as, within its sending limits. Null when MAIL may go on.
     */
    private Step submissionRules(SmtpCommand.Mail m) {
        String user = session.authenticatedUser;
        if (user == null) {
            return session.ctx.listener().isSubmission() ? session.error(SmtpReplies.AUTH_REQUIRED) : null;
        }
        io.mailflow.model.Mailbox mailbox = session.ctx.config().mailbox(EmailAddress.parse(user)).orElse(null);
        EmailAddress from = m.path().address();
        boolean own = mailbox != null && from != null && (mailbox.allAddresses().stream().anyMatch(a -> a.key().equals(from.key()))
                || mailbox.sendAs().stream().anyMatch(a -> EmailAddress.parse(a).key().equals(from.key())));
        if (!own) {
            session.metrics.messageRejected("send_as");
            return Step.reply(SmtpReplies.SEND_AS_DENIED);
        }
        if (!session.ctx.quota().mayStartMessage(user, session.ctx.config().configuration().server().submission())) {
            session.metrics.messageRejected("quota");
            return Step.reply(SmtpReplies.QUOTA_EXCEEDED);
        }
        return null;
    }

    Step rcpt(SmtpCommand.Rcpt r) {
        if (!(session.state instanceof SessionState.InMail m)) {
            return session.error(SmtpReplies.NEED_MAIL);
        }
        Transaction tx = m.transaction();
        if (tx.content != null) {
            return session.error(SmtpReplies.BAD_SEQUENCE);
        }
        if (!m.esmtp() && (r.parameters().orcpt() != null || !r.parameters().dsnNotify().isEmpty())) {
            return session.error(SmtpReplies.PARAMETERS_NEED_EHLO); // DSN is offered in the EHLO reply only
        }
        if (tx.recipientCount() >= session.limits.maxRecipientsPerMessage()) {
            return tooManyRecipients(tx);
        }
        if (r.path().utf8() && !tx.parameters.smtpUtf8()) {
            session.metrics.recipientRejected("needs_smtputf8");
            return Step.reply(SmtpReplies.UTF8_NEEDS_SMTPUTF8);
        }
        String user = session.authenticatedUser;
        if (user != null && !session.ctx.quota().mayAddRecipients(user, tx.recipientCount() + 1,
                session.ctx.config().configuration().server().submission())) {
            session.metrics.recipientRejected("quota");
            return Step.reply(SmtpReplies.QUOTA_EXCEEDED);
        }
        RecipientAcceptance.Decision d = RecipientAcceptance.decide(r.path(), tx.relay, session.ctx.config());
        if (d instanceof RecipientAcceptance.Decision.Reject reject) {
            session.metrics.recipientRejected(reject.reply() == SmtpReplies.RELAY_DENIED ? "relay_denied" : "unknown_recipient");
            return Step.reply(reject.reply());
        }
        EmailAddress address = ((RecipientAcceptance.Decision.Accept) d).address();
        String orcpt = r.parameters().orcpt() == null ? null
                : r.parameters().orcptType() + ";" + XText.encode(r.parameters().orcpt());
        String notify = r.parameters().dsnNotify().isEmpty() ? null
                : r.parameters().dsnNotify().stream().map(DsnNotify::name).sorted().collect(Collectors.joining(","));
        boolean added = tx.add(new Envelope.Recipient(address, orcpt, notify));
        return added ? Step.reply(SmtpReplies.RECIPIENT_OK) : session.noProgress(Step.reply(SmtpReplies.RECIPIENT_OK));
    }

    /**
     * RFC 5321 §4.5.3.1.10: a client must take 452 and send the rest later, and one that pipelines
     * its whole list gets one per recipient over the limit; twice the limit in all is a list, more
     * is a loop (commands without progress).
     */
    private Step tooManyRecipients(Transaction tx) {
        session.metrics.recipientRejected("too_many_recipients");
        Step step = Step.reply(SmtpReplies.TOO_MANY_RECIPIENTS);
        return ++tx.overLimit > session.limits.maxRecipientsPerMessage() ? session.noProgress(step) : step;
    }

    Step data() {
        if (!(session.state instanceof SessionState.InMail m)) {
            return session.error(SmtpReplies.NEED_MAIL);
        }
        Transaction tx = m.transaction();
        if (tx.chunked) {
            return session.error(SmtpReplies.BDAT_AFTER_DATA);
        }
        if (tx.recipientCount() == 0) {
            return session.error(SmtpReplies.NEED_RCPT);
        }
        tx.content = new ContentBuffer(session.ctx.spool());
        dataDecoder = new DataDecoder(session.limits.maxMessageSize().bytes(), session.ctx.normalizeBareLineFeed(), tx.content);
        return new Step(SmtpReplies.START_MAIL_INPUT, new Step.Action.ReadData());
    }

    DataDecoder dataDecoder() {
        return dataDecoder;
    }

    Step dataFinished() {
        DataDecoder d = dataDecoder;
        dataDecoder = null;
        return finish(d.sizeExceeded(), d.nul(), d.refusedForLineEndings(), d.leadingDot());
    }

    Step bdat(SmtpCommand.Bdat b) {
        if (!session.esmtp()) {
            return bdatRefused(b, SmtpReplies.BDAT_NEEDS_EHLO); // RFC 3030 §2: only once CHUNKING was offered
        }
        if (!(session.state instanceof SessionState.InMail m)) {
            return bdatRefused(b, SmtpReplies.NEED_MAIL);
        }
        Transaction tx = m.transaction();
        if (tx.recipientCount() == 0) {
            return bdatRefused(b, SmtpReplies.NEED_RCPT);
        }
        if (tx.content == null) {
            tx.chunked = true;
            tx.content = new ContentBuffer(session.ctx.spool());
            chunkDecoder = new ChunkDecoder(session.limits.maxMessageSize().bytes(), session.ctx.normalizeBareLineFeed(), tx.content);
        }
        lastChunk = b.last();
        return new Step(null, new Step.Action.ReadChunk(b.size(), b.last()));
    }

    /** RFC 3030 §3: a refused BDAT's octets are still read (they follow the command) and thrown away. */
    Step bdatRefused(SmtpCommand.Bdat b, Reply reply) {
        refusedChunkReply = reply;
        chunkDecoder = new ChunkDecoder(0, true, (bytes, off, len) -> { });
        return new Step(null, new Step.Action.ReadChunk(b.size(), b.last()));
    }

    ChunkDecoder chunkDecoder() {
        return chunkDecoder;
    }

    Step chunkFinished() {
        if (refusedChunkReply != null) {
            Reply r = refusedChunkReply;
            refusedChunkReply = null;
            chunkDecoder = null;
            return session.error(r);
        }
        ChunkDecoder d = chunkDecoder;
        if (d.sizeExceeded()) {
            chunkDecoder = null;
            session.metrics.messageRejected("size");
            session.abortTransaction();
            return Step.reply(SmtpReplies.MESSAGE_TOO_BIG);
        }
        if (!lastChunk) {
            return Step.reply(Reply.of(250, "2.0.0", d.size() + " octets received"));
        }
        d.finish();
        chunkDecoder = null;
        return finish(false, d.nul(), d.refusedForLineEndings(), d.leadingDot());
    }

    /** End of the message text: refuse it for its content, or hand it to the pipeline. */
    private Step finish(boolean tooBig, boolean nul, boolean bareLineEnding, boolean leadingDot) {
        SessionState.InMail m = (SessionState.InMail) session.state;
        Transaction tx = m.transaction();
        Reply refusal = tooBig ? SmtpReplies.MESSAGE_TOO_BIG : nul ? SmtpReplies.MESSAGE_NUL
                : bareLineEnding ? SmtpReplies.MESSAGE_BARE_LINE_ENDING : tx.content.failure() != null ? SmtpReplies.STORAGE_FAILED : null;
        if (refusal != null) {
            session.metrics.messageRejected(tooBig ? "size" : nul ? "nul" : bareLineEnding ? "bare_line_ending" : "storage");
            session.abortTransaction();
            return Step.reply(refusal);
        }
        MessageContent content;
        try {
            content = tx.content.finish(leadingDot);
        } catch (IOException e) {
            session.metrics.messageRejected("storage");
            session.abortTransaction();
            return Step.reply(SmtpReplies.STORAGE_FAILED);
        }
        Envelope envelope = new Envelope(tx.sender.address(), tx.parameters.smtpUtf8(),
                tx.parameters.body() == null ? null : tx.parameters.body().keyword(),
                tx.parameters.ret() == null ? null : tx.parameters.ret().name(), tx.parameters.envid(), tx.recipients);
        IntakeResult result = session.ctx.intake().receive(envelope, session.clientFacts(m.helo(), m.esmtp()), content,
                session.ctx.config());
        session.state = new SessionState.Greeted(m.helo(), m.esmtp());
        return switch (result) {
            case IntakeResult.Accepted a -> {
                if (session.authenticatedUser != null) {
                    session.ctx.quota().record(session.authenticatedUser, tx.recipientCount());
                }
                session.progressMade();
                session.metrics.accepted.increment();
                session.metrics.bytes.increment(content.size());
                yield Step.reply(Reply.of(250, "2.0.0", "OK: queued as " + a.queueId()));
            }
            case IntakeResult.Rejected r -> {
                content.release();
                session.metrics.messageRejected(r.reply() == SmtpReplies.STORAGE_FAILED ? "storage"
                        : r.reply() == SmtpReplies.LOOP_DETECTED ? "loop"
                        : r.reply() == SmtpReplies.HEADER_TOO_BIG ? "header_size"
                        : r.reply() == SmtpReplies.TOO_MANY_AFTER_EXPANSION ? "expansion"
                        : r.reply().code() == 451 ? "rule_deferred" : "rule");
                yield Step.reply(r.reply());
            }
        };
    }
}
