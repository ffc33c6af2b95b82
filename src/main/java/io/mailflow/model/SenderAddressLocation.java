package io.mailflow.model;

/** Which sender address the sender conditions of a rule look at (Exchange's {@code SenderAddressLocation}). */
public enum SenderAddressLocation {
    /** The From: header (Exchange's default). */
    Header,
    /** The envelope sender (MAIL FROM). */
    Envelope,
    /** Either one. */
    HeaderOrEnvelope
}
