package io.mailflow.smtp;

/** RFC 3461 §4.3 RET: whether a DSN returns the full message or only its headers. */
public enum DsnRet {
    FULL, HDRS
}
