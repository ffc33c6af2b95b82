package io.mailflow.model;

/** How a listener speaks TLS. */
public enum ListenerTls {
    /** Plain text until the client says STARTTLS (RFC 3207). */
    StartTls,
    /** TLS from the first byte, as on port 465 (RFC 8314). */
    Implicit
}
