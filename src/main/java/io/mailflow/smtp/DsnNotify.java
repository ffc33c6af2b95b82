package io.mailflow.smtp;

/** RFC 3461 §4.1 NOTIFY values: when the sender wants a delivery status notification. */
public enum DsnNotify {
    NEVER, SUCCESS, FAILURE, DELAY
}
