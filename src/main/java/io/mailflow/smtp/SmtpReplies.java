package io.mailflow.smtp;

/**
 * The replies Mailflow's server gives, in one place so that docs/replies.md and the code
 * agree. Codes follow RFC 5321 §4.2 and RFC 3463; where Exchange Online has its own text, we use it.
 */
public final class SmtpReplies {

    private SmtpReplies() {
    }

    public static final Reply OK = Reply.of(250, "2.0.0", "OK");
    public static final Reply SENDER_OK = Reply.of(250, "2.1.0", "Sender OK");
    public static final Reply RECIPIENT_OK = Reply.of(250, "2.1.5", "Recipient OK");
    public static final Reply RESET_OK = Reply.of(250, "2.0.0", "Resetting");
    public static final Reply START_MAIL_INPUT = Reply.of(354, null, "Start mail input; end with <CRLF>.<CRLF>");
    public static final Reply READY_FOR_TLS = Reply.of(220, "2.0.0", "SMTP server ready");
    public static final Reply CANNOT_VRFY = Reply.of(252, "2.5.2", "Cannot VRFY user, but will accept message and attempt delivery");
    public static final Reply HELP = Reply.of(214, "2.0.0", "See RFC 5321; commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT STARTTLS");

    // --- protocol errors (RFC 5321 §4.2.2, §4.3.2)
    public static final Reply UNRECOGNIZED = Reply.of(500, "5.5.2", "Error: command not recognized");
    public static final Reply LINE_TOO_LONG = Reply.of(500, "5.5.2", "Error: line too long");
    public static final Reply BARE_LINE_ENDING = Reply.of(500, "5.5.2", "Error: bare <CR> or <LF> received; lines must end with <CR><LF>");
    public static final Reply BAD_CHARACTERS = Reply.of(500, "5.5.2", "Error: NUL or invalid UTF-8 in command");
    public static final Reply BAD_SEQUENCE = Reply.of(503, "5.5.1", "Bad sequence of commands");
    public static final Reply NEED_HELO = Reply.of(503, "5.5.1", "Error: send HELO/EHLO first");
    public static final Reply NEED_MAIL = Reply.of(503, "5.5.1", "Error: need MAIL command");
    public static final Reply NEED_RCPT = Reply.of(503, "5.5.1", "Error: need RCPT command");
    public static final Reply NESTED_MAIL = Reply.of(503, "5.5.1", "Error: nested MAIL command");
    public static final Reply NOT_IMPLEMENTED = Reply.of(502, "5.5.1", "Error: command not implemented");
    public static final Reply TLS_ALREADY_ACTIVE = Reply.of(503, "5.5.1", "Error: TLS already active");
    public static final Reply PIPELINING_VIOLATION = Reply.of(554, "5.5.0", "Error: SMTP protocol synchronization");
    public static final Reply PARAMETERS_NEED_EHLO = Reply.of(555, "5.5.4", "Parameters need EHLO");
    public static final Reply AUTH_PARAMETER_NOT_OFFERED = Reply.of(555, "5.5.4", "AUTH parameter: AUTH is not offered here");
    public static final Reply BDAT_NEEDS_EHLO = Reply.of(503, "5.5.1", "Error: BDAT needs EHLO (CHUNKING)");
    public static final Reply BDAT_AFTER_DATA = Reply.of(503, "5.5.1", "Error: BDAT and DATA cannot be mixed in one transaction");

    // --- recipients and relay (Exchange Online's texts, DECISIONS.md "Codes")
    public static final Reply UNKNOWN_RECIPIENT = Reply.of(550, "5.4.1", "Recipient address rejected: Access denied");
    public static final Reply RELAY_DENIED = Reply.of(550, "5.7.64", "TenantAttribution; Relay Access Denied");
    public static final Reply TOO_MANY_RECIPIENTS = Reply.of(452, "4.5.3", "Too many recipients");
    public static final Reply PARTNER_RESTRICTED = Reply.of(550, "5.7.51", "TenantInboundAttribution; Rejecting");
    public static final Reply MUST_STARTTLS = Reply.of(530, "5.7.0", "Must issue a STARTTLS command first");
    public static final Reply SEND_AS_DENIED = Reply.of(550, "5.7.60", "SMTP; Client does not have permissions to send as this sender");
    public static final Reply QUOTA_EXCEEDED = Reply.of(550, "5.2.2", "Submission quota exceeded");
    public static final Reply TOO_MANY_AFTER_EXPANSION = Reply.of(552, "5.5.3", "Too many recipients after distribution group expansion");

    // --- authentication (RFC 4954)
    public static final Reply AUTH_REQUIRED = Reply.of(530, "5.7.0", "Authentication required");
    public static final Reply AUTH_NEEDS_TLS = Reply.of(538, "5.7.11", "Encryption required for requested authentication mechanism");
    public static final Reply AUTH_OK = Reply.of(235, "2.7.0", "Authentication successful");
    public static final Reply AUTH_FAILED = Reply.of(535, "5.7.8", "Authentication credentials invalid");
    public static final Reply AUTH_LOCKED = Reply.of(454, "4.7.0", "Too many failed logins; try again later");
    /** RFC 4954 §6: every password check is busy; the client may try again. */
    public static final Reply AUTH_BUSY = Reply.of(454, "4.7.0", "Temporary authentication failure");
    public static final Reply AUTH_CANCELLED = Reply.of(501, "5.7.0", "Authentication cancelled");
    public static final Reply AUTH_MECHANISM = Reply.of(504, "5.5.4", "Unrecognized authentication type");
    public static final Reply ALREADY_AUTHENTICATED = Reply.of(503, "5.5.1", "Already authenticated");
    public static final Reply UTF8_NEEDS_SMTPUTF8 = Reply.of(553, "5.6.7", "Non-ASCII address needs the SMTPUTF8 parameter");

    // --- message content
    public static final Reply MESSAGE_TOO_BIG = Reply.of(552, "5.3.4", "Message size exceeds fixed maximum message size");
    public static final Reply MESSAGE_BARE_LINE_ENDING = Reply.of(550, "5.5.2", "Error: bare <CR> or <LF> in message; lines must end with <CR><LF>");
    public static final Reply MESSAGE_NUL = Reply.of(554, "5.6.0", "Error: message contains NUL characters");
    public static final Reply HEADER_TOO_BIG = Reply.of(552, "5.3.4", "Message header section exceeds the maximum header size");
    public static final Reply LOOP_DETECTED = Reply.of(554, "5.4.14", "Routing loop detected");

    // --- our own trouble: always transient, never 5xx (a 5xx would bounce good mail)
    public static final Reply STORAGE_FAILED = Reply.of(451, "4.3.0", "Temporary failure storing the message; try again later");
    public static final Reply SHUTTING_DOWN = Reply.of(421, "4.3.2", "Service shutting down, closing transmission channel");
    public static final Reply TOO_MANY_CONNECTIONS = Reply.of(421, "4.3.2", "Too many connections, try again later");
    public static final Reply TOO_MANY_FROM_IP = Reply.of(421, "4.7.0", "Too many connections from your IP address, try again later");
    public static final Reply TOO_MANY_ERRORS = Reply.of(421, "4.7.0", "Too many errors, closing transmission channel");
    public static final Reply TOO_MANY_REJECTED_RECIPIENTS = Reply.of(421, "4.7.0",
            "Too many rejected recipients, closing transmission channel");
    public static final Reply TOO_MANY_JUNK_COMMANDS = Reply.of(421, "4.7.0",
            "Too many commands without progress, closing transmission channel");
    public static final Reply TIMEOUT = Reply.of(421, "4.4.2", "Timeout exceeded, closing transmission channel");
    public static final Reply TLS_NOT_AVAILABLE = Reply.of(454, "4.7.0", "TLS not available due to temporary reason");
}
