package io.mailflow.model;

/** What an SMTP listener is for. */
public enum ListenerType {
    /** Mail from other servers (port 25): no AUTH; relay only through an OnPremises inbound connector. */
    Smtp,
    /** Mail from people and applications (port 587 or 465): AUTH over TLS is required before MAIL. */
    Submission
}
