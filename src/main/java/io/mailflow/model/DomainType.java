package io.mailflow.model;

/** How Mailflow treats recipients of an accepted domain (Exchange's {@code DomainType}). */
public enum DomainType {
    /** Mailflow holds every mailbox of the domain: unknown recipients are rejected at RCPT time. */
    Authoritative,
    /** Some recipients live elsewhere: unknown recipients are accepted and routed onward (S5, S6). */
    InternalRelay
}
