package io.mailflow.receive;

import io.mailflow.model.EmailAddress;
import io.mailflow.model.Mailbox;
import io.mailflow.model.SubmissionSettings;
import io.mailflow.smtp.Reply;
import io.mailflow.smtp.SmtpCommand;
import io.mailflow.smtp.SmtpReplies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * SMTP AUTH (RFC 4954) with PLAIN (RFC 4616) and LOGIN, for submission listeners and only over
 * TLS. Users are mailboxes with a password; every failure is answered more slowly, and too many
 * lock out the IP (or the user from that IP).
 */
final class AuthCommands {

    private static final Reply USERNAME = Reply.of(334, null, "VXNlcm5hbWU6");
    private static final Reply PASSWORD = Reply.of(334, null, "UGFzc3dvcmQ6");
    private static final Reply READY = Reply.of(334, null, " ");

    private final Session session;
    private String mechanism;
    private String pendingUser;

    AuthCommands(Session session) {
        this.session = session;
    }

    /** Ends an exchange that the client broke off (a line that is not a response). */
    void abandon() {
        reset();
    }

    Step start(SmtpCommand.Auth a) {
        SubmissionSettings s = settings();
        if (!session.ctx.listener().isSubmission()) {
            return session.error(SmtpReplies.NOT_IMPLEMENTED);
        }
        if (session.tlsProtocol == null) {
            return session.error(SmtpReplies.AUTH_NEEDS_TLS);
        }
        if (session.authenticatedUser != null || session.inTransaction()) {
            return session.error(session.authenticatedUser != null ? SmtpReplies.ALREADY_AUTHENTICATED : SmtpReplies.BAD_SEQUENCE);
        }
        if (!a.mechanism().equals("PLAIN") && !a.mechanism().equals("LOGIN")) {
            return session.error(SmtpReplies.AUTH_MECHANISM);
        }
        if (session.ctx.guard().lockedOut(session.ctx.client(), null, s)) {
            return session.noProgress(Step.reply(SmtpReplies.AUTH_LOCKED));
        }
        reset(); // each AUTH starts a new exchange: nothing of an earlier one carries over
        mechanism = a.mechanism();
        if (a.initialResponse() != null && !a.initialResponse().equals("=")) {
            return response(a.initialResponse());
        }
        return new Step(mechanism.equals("PLAIN") ? READY : USERNAME, new Step.Action.ReadAuthLine());
    }

    /** One line of the client's answer in the exchange. */
    Step response(String line) {
        if (line.equals("*")) {
            reset();
            return session.noProgress(Step.reply(SmtpReplies.AUTH_CANCELLED));
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(line.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            reset();
            return session.error(Reply.of(501, "5.5.2", "Cannot decode the response (base64)"));
        }
        if (mechanism.equals("PLAIN")) {
            String[] parts = decoded.split("\u0000", -1);
            if (parts.length != 3) {
                reset();
                return session.error(Reply.of(501, "5.5.2", "Malformed PLAIN response"));
            }
            return verify(parts[1], parts[2]);
        }
        if (pendingUser == null) {
            pendingUser = decoded;
            return new Step(PASSWORD, new Step.Action.ReadAuthLine());
        }
        return verify(pendingUser, decoded);
    }

    /**
     * The attempt is counted before the hash is checked, so that parallel attempts are locked out
     * while the first checks run; a check that cannot run now (every one busy) is answered 454
     * (RFC 4954 §6) and not counted.
     */
    private Step verify(String user, String password) {
        reset();
        SubmissionSettings s = settings();
        LoginGuard.Attempt attempt = session.ctx.guard().attempt(session.ctx.client(), user, s);
        if (attempt == null) {
            return session.noProgress(Step.reply(SmtpReplies.AUTH_LOCKED));
        }
        Optional<Mailbox> mailbox = lookup(user);
        return switch (session.ctx.passwords().check(mailbox.map(Mailbox::password).orElse(null), password.toCharArray())) {
            case BUSY -> {
                session.ctx.guard().withdrawn(attempt);
                yield session.noProgress(Step.reply(SmtpReplies.AUTH_BUSY));
            }
            case MISMATCH -> {
                session.metrics.authFailure();
                yield new Step(SmtpReplies.AUTH_FAILED, new Step.Action.ReplyAfter(session.ctx.guard().failed(attempt, s)));
            }
            case MATCH -> {
                session.ctx.guard().succeeded(attempt);
                session.authenticatedUser = mailbox.get().primarySmtpAddress();
                yield Step.reply(SmtpReplies.AUTH_OK);
            }
        };
    }

    /** The user name is any address of the mailbox (case-insensitive), as Exchange allows. */
    private Optional<Mailbox> lookup(String user) {
        try {
            return session.ctx.config().mailbox(EmailAddress.parse(user));
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }

    private SubmissionSettings settings() {
        return session.ctx.config().configuration().server().submission();
    }

    private void reset() {
        mechanism = null;
        pendingUser = null;
    }
}
