package io.mailflow.model;

/**
 * Exchange's {@code TlsSettings} values for an outbound connector. Not set (null) means
 * opportunistic TLS: STARTTLS when offered, plain text when the handshake fails (S14). Every
 * level below means TLS is required: never plain text.
 */
public enum TlsAuthLevel {
    /** Encrypt; accept any certificate, even self-signed or expired. */
    EncryptionOnly,
    /** Encrypt; the certificate chain must be valid and trusted. */
    CertificateValidation,
    /** As CertificateValidation, and the certificate's name must match tlsDomain (or the host connected to). */
    DomainValidation
}
