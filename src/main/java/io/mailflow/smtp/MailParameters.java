package io.mailflow.smtp;

/**
 * The ESMTP parameters of a MAIL command.
 *
 * @param size the declared message size (RFC 1870), or -1 when not given
 * @param body the BODY type (RFC 6152), or null when not given
 * @param smtpUtf8 the SMTPUTF8 parameter was given (RFC 6531)
 * @param ret DSN RET (RFC 3461 §4.3), or null
 * @param envid DSN ENVID, decoded from xtext (RFC 3461 §4.4), or null
 * @param auth the AUTH parameter (RFC 4954 §5), decoded, or null
 */
public record MailParameters(long size, BodyType body, boolean smtpUtf8, DsnRet ret, String envid, String auth) {

    public static final MailParameters NONE = new MailParameters(-1, null, false, null, null, null);
}
