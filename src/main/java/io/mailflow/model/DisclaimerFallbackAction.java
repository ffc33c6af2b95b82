package io.mailflow.model;

/**
 * What to do when a disclaimer cannot be inserted into the body, e.g. a signed or encrypted
 * message (Exchange's {@code ApplyHtmlDisclaimerFallbackAction}).
 */
public enum DisclaimerFallbackAction {
    /** Attach the original to a new message that carries the disclaimer (Exchange's default). */
    Wrap,
    /** Send the message unchanged. */
    Ignore,
    /** Refuse the message. */
    Reject
}
