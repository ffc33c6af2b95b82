package io.mailflow.deliver;

import io.mailflow.model.TlsAuthLevel;
import io.mailflow.tls.CertificateNames;
import io.mailflow.tls.ServerTlsContext;
import io.mailflow.tls.TrustedCas;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for outbound delivery: which certificate checks a connector's {@code tlsSettings} asks for
 * (exchange-mailflow.md §9.1). Opportunistic and EncryptionOnly encrypt without checking the
 * certificate; CertificateValidation needs a chain to a trusted CA (the JDK's, plus
 * {@code transport.trustedCaFile}) and a valid date; DomainValidation also needs the certificate
 * to name tlsDomain, or the host connected to.
 */
final class OutboundTls {

    private final SSLContext encryptOnly;
    private final SSLContext validating;
    private final TrustedCas trusted;

    private OutboundTls(SSLContext encryptOnly, SSLContext validating, TrustedCas trusted) {
        this.encryptOnly = encryptOnly;
        this.validating = validating;
        this.trusted = trusted;
    }

    /** Builds the contexts; {@code extraCas} may be null (the JDK's CAs only). */
    static OutboundTls create(Path extraCas) throws IOException, GeneralSecurityException {
        SSLContext any = SSLContext.getInstance("TLS");
        any.init(null, new TrustManager[] {new AcceptAny()}, null);
        TrustedCas trusted = TrustedCas.jdkPlus(extraCas);
        SSLContext checked = SSLContext.getInstance("TLS");
        checked.init(null, new TrustManager[] {trusted.trustManager()}, null);
        return new OutboundTls(any, checked, trusted);
    }

    /**
     * A failed handshake or name check as a deferral says it. A chain that failed validation names
     * the CAs it was checked against: the question an administrator asks first ("did it use my
     * trustedCaFile?").
     */
    String failure(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return e.getMessage() + "; checked against " + trusted;
            }
        }
        return e.getMessage();
    }

    SSLContext context(TlsAuthLevel level) {
        return level == TlsAuthLevel.CertificateValidation || level == TlsAuthLevel.DomainValidation ? validating : encryptOnly;
    }

    /** TLS 1.2 and 1.3 only (Exchange Online never sends with 1.0/1.1); SNI when the peer has a name. */
    static SSLParameters parameters(SSLContext context, String peerHost) {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(ServerTlsContext.PROTOCOLS);
        if (peerHost != null && !peerHost.isEmpty() && !peerHost.contains(":") && !peerHost.matches("[0-9.]+")) {
            p.setServerNames(List.of(new SNIHostName(peerHost)));
        }
        return p;
    }

    /**
     * After the handshake: with DomainValidation, the certificate must name {@code tlsDomain}, or
     * the smart host's own name when none is configured (an IP-address host has none to offer).
     */
    static void checkDomain(SSLSession session, TlsAuthLevel level, String tlsDomain, String hostName)
            throws javax.net.ssl.SSLException {
        if (level != TlsAuthLevel.DomainValidation) {
            return;
        }
        String expected = expectedName(tlsDomain, hostName);
        if (expected == null) {
            throw new javax.net.ssl.SSLException("DomainValidation needs tlsDomain for an IP-address smart host");
        }
        checkName(session, expected);
    }

    static void checkName(SSLSession session, String expected) throws SSLPeerUnverifiedException {
        List<String> names = CertificateNames.of((X509Certificate) session.getPeerCertificates()[0]);
        if (!CertificateNames.anyMatches(names, expected)) {
            throw new SSLPeerUnverifiedException("the certificate names " + names + ", not " + expected);
        }
    }

    /** The name DomainValidation expects: tlsDomain, else the host's own name (null for an IP-address host). */
    private static String expectedName(String tlsDomain, String hostName) {
        return tlsDomain != null ? tlsDomain : hostName;
    }

    /** The peer's certificate as connector validation shows it: names, issuer and validity. */
    static String certificateText(SSLSession session) throws SSLPeerUnverifiedException {
        X509Certificate leaf = (X509Certificate) session.getPeerCertificates()[0];
        return "certificate names " + CertificateNames.of(leaf) + ", issued by " + leaf.getIssuerX500Principal().getName()
                + ", valid from " + leaf.getNotBefore().toInstant() + " until " + leaf.getNotAfter().toInstant();
    }

    /**
     * What the connector's level checked, against what, and how it came out, for connector
     * validation; {@code nameProblem} is what {@link #checkDomain} threw, or null.
     */
    String checksText(TlsAuthLevel level, String tlsDomain, String hostName, String nameProblem) {
        if (level == null || level == TlsAuthLevel.EncryptionOnly) {
            return "not checked (" + (level == null ? "opportunistic TLS" : "EncryptionOnly") + " encrypts without checking)";
        }
        String chain = "chain and dates verified against " + trusted;
        if (level == TlsAuthLevel.CertificateValidation) {
            return chain;
        }
        String expected = expectedName(tlsDomain, hostName);
        return chain + "; " + (expected == null ? nameProblem
                : "DomainValidation against " + expected + ": " + (nameProblem == null ? "matched" : "no match"));
    }

    /** Encrypt without checking who is at the other end: opportunistic TLS and EncryptionOnly. */
    private static final class AcceptAny implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
