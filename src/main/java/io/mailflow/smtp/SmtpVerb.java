package io.mailflow.smtp;

/**
 * The SMTP verbs Mailflow knows, with the protocol facts about each (one table, as Postfix's
 * smtpd_cmd_table).
 */
public enum SmtpVerb {
    HELO(true, true),
    EHLO(true, true),
    MAIL(false, false),
    RCPT(false, false),
    DATA(false, true),
    BDAT(false, false),
    RSET(true, false),
    NOOP(true, true),
    QUIT(true, true),
    VRFY(true, true),
    EXPN(true, true),
    HELP(true, true),
    STARTTLS(true, true),
    AUTH(false, false);

    private final boolean allowedBeforeHelo;
    private final boolean endsPipelineGroup;

    SmtpVerb(boolean allowedBeforeHelo, boolean endsPipelineGroup) {
        this.allowedBeforeHelo = allowedBeforeHelo;
        this.endsPipelineGroup = endsPipelineGroup;
    }

    /** RFC 5321 §4.1.4: mail transactions need a HELO or EHLO first. */
    public boolean allowedBeforeHelo() {
        return allowedBeforeHelo;
    }

    /**
     * RFC 2920 §3.1: EHLO, DATA, VRFY, EXPN, TURN, QUIT and NOOP (and STARTTLS, RFC 3207 §4.2) may
     * only be the last command of a pipelined group: a client that sends more before the reply is
     * not following the protocol. AUTH is not in that list: one that completes with its initial
     * response may be followed by more; one answered with a 334 challenge ends the group, which the
     * server decides from its reply, not from the verb.
     */
    public boolean endsPipelineGroup() {
        return endsPipelineGroup;
    }

    /** The verb for a command word, ASCII letters in any case, or null for an unknown word. */
    public static SmtpVerb of(String word) {
        try {
            return valueOf(AsciiCase.upper(word));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
