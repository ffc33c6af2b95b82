package io.mailflow.model;

/** How a mail flow rule acts (Exchange's {@code Mode}). */
public enum RuleMode {
    /** The actions are taken. */
    Enforce,
    /** The actions are only recorded in the message trace. */
    Audit,
    /** As Audit (Mailflow sends no incident reports). */
    AuditAndNotify
}
