package io.mailflow.receive;

import io.mailflow.model.Limits;
import io.mailflow.pipeline.ClientFacts;
import io.mailflow.smtp.CommandDecoder;
import io.mailflow.smtp.CommandParser;
import io.mailflow.smtp.Reply;
import io.mailflow.smtp.SmtpCommand;
import io.mailflow.smtp.SmtpReplies;
import io.mailflow.smtp.SmtpVerb;
import io.mailflow.tls.ClientCertificate;
import java.util.ArrayList;
import java.util.List;

/**
 * One SMTP session's protocol logic, without I/O: each command line in, a {@link Step} out. The
 * connection does the reading, writing and TLS; the mail transaction commands live in
 * {@link MailTransactionCommands}.
 */
final class Session {

    final SessionContext ctx;
    final ReceiveMetrics metrics;
    final Limits limits;
    SessionState state = new SessionState.Connected();
    String tlsProtocol;
    String tlsCipher;
    Attribution attribution;
    String authenticatedUser;
    private int errors;
    private int rejectedRecipients;
    private int junkCommands;
    private final MailTransactionCommands mail;
    private final AuthCommands auth;
    private final LastCommand last = new LastCommand();

    Session(SessionContext ctx, ReceiveMetrics metrics) {
        this.ctx = ctx;
        this.metrics = metrics;
        this.limits = ctx.config().configuration().server().limits();
        this.mail = new MailTransactionCommands(this);
        this.auth = new AuthCommands(this);
        this.attribution = Attribution.of(ctx.config(), ctx.client(), null);
    }

    Reply greeting() {
        return Reply.of(220, null, ctx.hostname() + " Mailflow ESMTP service ready");
    }

    /** Handles one line from the command decoder. */
    Step onLine(CommandDecoder.Line line) {
        return switch (line) {
            case CommandDecoder.Line.Text t -> onCommand(t.text());
            case CommandDecoder.Line.TooLong t -> unparsed(SmtpReplies.LINE_TOO_LONG);
            case CommandDecoder.Line.BareLineEnding b -> unparsed(SmtpReplies.BARE_LINE_ENDING);
            case CommandDecoder.Line.BadCharacters b -> unparsed(SmtpReplies.BAD_CHARACTERS);
            case CommandDecoder.Line.Incomplete i -> throw new IllegalStateException("incomplete line");
        };
    }

    private Step onCommand(String text) {
        return switch (CommandParser.parse(text)) {
            case CommandParser.Result.Error e -> {
                last.unparsed(text, state);
                yield error(e.reply());
            }
            case CommandParser.Result.Ok ok -> onCommand(ok.command());
        };
    }

    private Step unparsed(Reply reply) {
        last.unparsed(null, state);
        return error(reply);
    }

    Step onCommand(SmtpCommand command) {
        last.heard(command, state);
        if (!command.verb().allowedBeforeHelo() && state instanceof SessionState.Connected) {
            return command instanceof SmtpCommand.Bdat b ? mail.bdatRefused(b, SmtpReplies.NEED_HELO) : error(SmtpReplies.NEED_HELO);
        }
        int errorsBefore = errors;
        return switch (command) {
            case SmtpCommand.Helo h -> greet(h.domain(), false);
            case SmtpCommand.Ehlo e -> greet(e.domain(), true);
            case SmtpCommand.Mail m -> refusalWithoutProgress(mail.mail(m), errorsBefore);
            case SmtpCommand.Rcpt r -> countRejection(mail.rcpt(r));
            case SmtpCommand.Data d -> mail.data();
            case SmtpCommand.Bdat b -> mail.bdat(b);
            case SmtpCommand.Auth a -> auth.start(a);
            case SmtpCommand.Simple s -> simple(s);
        };
    }

    private Step simple(SmtpCommand.Simple s) {
        return switch (s.verb()) {
            case RSET -> {
                abortTransaction();
                yield noProgress(Step.reply(SmtpReplies.RESET_OK));
            }
            case NOOP -> noProgress(Step.reply(SmtpReplies.OK));
            case QUIT -> Step.close(Reply.of(221, "2.0.0", "Service closing transmission channel"));
            case VRFY -> noProgress(Step.reply(SmtpReplies.CANNOT_VRFY));
            case EXPN -> noProgress(Step.reply(SmtpReplies.NOT_IMPLEMENTED));
            case HELP -> noProgress(Step.reply(SmtpReplies.HELP));
            case STARTTLS -> startTls();
            default -> error(SmtpReplies.UNRECOGNIZED);
        };
    }

    /** A greeting, counted as a command without progress when the session was greeted already (not after STARTTLS). */
    private Step greet(String helo, boolean esmtp) {
        boolean again = !(state instanceof SessionState.Connected);
        Step step = greeting(helo, esmtp);
        return again ? noProgress(step) : step;
    }

    private Step greeting(String helo, boolean esmtp) {
        abortTransaction();
        state = new SessionState.Greeted(helo, esmtp);
        String first = ctx.hostname() + " Hello [" + ctx.client().getHostAddress() + "]";
        if (!esmtp) {
            return Step.reply(Reply.of(250, null, first));
        }
        List<String> lines = new ArrayList<>();
        lines.add(first);
        lines.add("SIZE " + limits.maxMessageSize().bytes());
        lines.add("PIPELINING");
        lines.add("DSN");
        lines.add("ENHANCEDSTATUSCODES");
        if (ctx.tlsAvailable() && tlsProtocol == null) {
            lines.add("STARTTLS");
        }
        if (authOffered() && authenticatedUser == null) {
            lines.add("AUTH PLAIN LOGIN");
        }
        lines.add("8BITMIME");
        lines.add("CHUNKING");
        lines.add("SMTPUTF8");
        return Step.reply(new Reply(250, null, lines));
    }

    private Step startTls() {
        if (tlsProtocol != null) {
            return error(SmtpReplies.TLS_ALREADY_ACTIVE);
        }
        if (!ctx.tlsAvailable()) {
            return Step.reply(SmtpReplies.TLS_NOT_AVAILABLE);
        }
        if (state instanceof SessionState.InMail) {
            return error(SmtpReplies.BAD_SEQUENCE);
        }
        return new Step(SmtpReplies.READY_FOR_TLS, new Step.Action.StartTls());
    }

    /**
     * RFC 3207 §4.2: after the handshake the session starts over; the client must EHLO again. A
     * certificate the client presented may attribute the session to another inbound connector.
     */
    void tlsEstablished(String protocol, String cipher, ClientCertificate certificate) {
        abortTransaction();
        state = new SessionState.Connected();
        tlsProtocol = protocol;
        tlsCipher = cipher;
        attribution = Attribution.of(ctx.config(), ctx.client(), certificate);
    }

    /** A line of the client's side of an AUTH exchange. */
    Step onAuthLine(CommandDecoder.Line line) {
        if (!(line instanceof CommandDecoder.Line.Text t)) {
            // The exchange is over (the line is refused as a command): a half-done LOGIN must not make
            // the next AUTH take its user name answer as the old user's password.
            auth.abandon();
            return onLine(line);
        }
        return auth.response(t.text());
    }

    InboundPolicy.Facts policyFacts() {
        return new InboundPolicy.Facts(ctx.client(), tlsProtocol != null,
                ctx.tlsAvailable() && ctx.listener().tls() == io.mailflow.model.ListenerTls.StartTls, attribution,
                authenticatedUser);
    }

    /** Every reply the connection sends: a refusal is logged, within the client's log budget. */
    void replied(Reply reply) {
        if (!reply.isPositive()) {
            ctx.refusals().refused(new RefusalLog.Refusal(ctx.client().getHostAddress(), ctx.listener().name(), helo(), esmtp(),
                    last.verb(), last.from(), last.to(), reply));
        }
    }

    /** The connection was cut off without a reply; {@code reason} as the metric names it. */
    void disconnected(String reason, String why) {
        metrics.connectionCutOff(reason);
        ctx.refusals().disconnected(ctx.client().getHostAddress(), ctx.listener().name(), helo(), esmtp(), reason, why);
    }

    private String helo() {
        return switch (state) {
            case SessionState.Greeted g -> g.helo();
            case SessionState.InMail m -> m.helo();
            default -> null;
        };
    }

    /** A protocol error: counted, and the connection closes once there are too many. */
    Step error(Reply reply) {
        if (++errors > limits.maxProtocolErrors()) {
            return Step.close(SmtpReplies.TOO_MANY_ERRORS);
        }
        return Step.reply(reply);
    }

    /**
     * Directory harvesting: a client probing addresses collects 5xx answers to RCPT. Past the limit
     * in one session (whatever the transactions), the session ends, as Postfix's
     * smtpd_hard_error_limit ends it; 4xx (too many recipients) is not a refusal of the address.
     */
    private Step countRejection(Step step) {
        if (step.reply() != null && step.reply().code() >= 500 && ++rejectedRecipients > limits.maxRejectedRecipients()) {
            return Step.close(SmtpReplies.TOO_MANY_REJECTED_RECIPIENTS);
        }
        return step;
    }

    /** A refusal that no other limit counted (not a protocol error): a command without progress. */
    private Step refusalWithoutProgress(Step step, int errorsBefore) {
        boolean refused = step.reply() != null && !step.reply().isPositive() && !(step.action() instanceof Step.Action.Close);
        return refused && errors == errorsBefore ? noProgress(step) : step;
    }

    /**
     * A command that brings no message closer: RSET, NOOP, VRFY, EXPN, HELP, a repeated greeting
     * or RCPT, a refused MAIL, AUTH or message, too many recipients. A client that never reads can loop on
     * them without a single error; past the limit since the last accepted message the session ends,
     * as Postfix's smtpd_junk_command_limit ends it.
     */
    Step noProgress(Step step) {
        return ++junkCommands > limits.maxJunkCommands() ? Step.close(SmtpReplies.TOO_MANY_JUNK_COMMANDS) : step;
    }

    /** A message was accepted: the count of commands without progress starts again. */
    void progressMade() {
        junkCommands = 0;
    }

    /**
     * True when the client said EHLO: only then were the ESMTP extensions offered, and only then
     * may it use them (RFC 5321 §4.1.1.11), pipelining included (RFC 2920).
     */
    boolean esmtp() {
        return state instanceof SessionState.Greeted g && g.esmtp() || state instanceof SessionState.InMail m && m.esmtp();
    }

    /** True when the client may pipeline commands (it said EHLO; RFC 2920). */
    boolean pipelining() {
        return esmtp();
    }

    /** AUTH exists on Submission listeners once the session is encrypted (RFC 4954 §4: never where the password would travel in clear). */
    boolean authOffered() {
        return ctx.listener().isSubmission() && tlsProtocol != null;
    }

    boolean inTransaction() {
        return state instanceof SessionState.InMail;
    }

    void abortTransaction() {
        if (state instanceof SessionState.InMail m) {
            m.transaction().discardContent();
            state = new SessionState.Greeted(m.helo(), m.esmtp());
        }
    }

    ClientFacts clientFacts(String helo, boolean esmtp) {
        var c = attribution.connector();
        boolean onPremises = c != null && c.connectorType() == io.mailflow.model.ConnectorType.OnPremises;
        return new ClientFacts(ctx.client().getHostAddress(), helo, esmtp, ctx.listener().name(), tlsProtocol, tlsCipher,
                c == null ? null : c.name(), onPremises, authenticatedUser,
                authenticatedUser != null || onPremises && c.treatMessagesAsInternal());
    }

    /** Called when the verb's reply must be the last of a pipelined group (RFC 2920 §3.1). */
    static boolean endsGroup(SmtpVerb verb) {
        return verb.endsPipelineGroup() && verb != SmtpVerb.STARTTLS;
    }

    // --- message text, delegated to the transaction commands
    Step dataFinished() {
        int errorsBefore = errors;
        return refusalWithoutProgress(mail.dataFinished(), errorsBefore);
    }

    Step chunkFinished() {
        int errorsBefore = errors;
        return refusalWithoutProgress(mail.chunkFinished(), errorsBefore);
    }

    MailTransactionCommands mailCommands() {
        return mail;
    }
}
