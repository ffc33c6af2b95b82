/**
 * Certificates and TLS contexts.
 *
 * <p><b>Owns:</b> reading PEM certificate chains and private keys, generating the self-signed
 * certificate a gateway uses when none is configured (kept in the data directory so it survives
 * restarts), building the {@link javax.net.ssl.SSLContext}s the server uses for STARTTLS, and
 * the {@link io.mailflow.tls.TrustedCas} peers' certificates are checked against (the JDK's plus
 * {@code transport.trustedCaFile}, never silently the JDK's alone).
 *
 * <p><b>Security:</b> TLS 1.2 and 1.3 only (Exchange Online stopped accepting TLS 1.0/1.1 in
 * 2021); the generated key and certificate (and their directory) are readable by
 * their owner only.
 */
package io.mailflow.tls;
