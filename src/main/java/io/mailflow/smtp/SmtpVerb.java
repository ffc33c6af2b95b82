package io.mailflow.smtp;

import java.util.Locale;

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
    AUTH(false, true);

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
     * RFC 2920 §3.1: EHLO, DATA, VRFY, EXPN, TURN, QUIT and NOOP (and STARTTLS, RFC 3207 §4.2,
     * and AUTH, which waits for a challenge) may only be the last command of a pipelined group: a
     * client that sends more before the reply is not following the protocol.
     */
    public boolean endsPipelineGroup() {
        return endsPipelineGroup;
    }

    /** The verb for a command word, case-insensitively, or null for an unknown word. */
    public static SmtpVerb of(String word) {
        try {
            return valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
