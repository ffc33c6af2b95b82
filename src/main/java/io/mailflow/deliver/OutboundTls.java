package io.mailflow.deliver;

import io.mailflow.model.TlsAuthLevel;
import io.mailflow.tls.Pem;
import io.mailflow.tls.CertificateNames;
import io.mailflow.tls.ServerTlsContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
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

    private OutboundTls(SSLContext encryptOnly, SSLContext validating) {
        this.encryptOnly = encryptOnly;
        this.validating = validating;
    }

    /** Builds the contexts; {@code extraCas} may be null. */
    static OutboundTls create(Path extraCas) throws IOException, GeneralSecurityException {
        SSLContext any = SSLContext.getInstance("TLS");
        any.init(null, new TrustManager[] {new AcceptAny()}, null);
        SSLContext checked = SSLContext.getInstance("TLS");
        checked.init(null, trustManagers(extraCas), null);
        return new OutboundTls(any, checked);
    }

    private static TrustManager[] trustManagers(Path extraCas) throws IOException, GeneralSecurityException {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        if (extraCas == null || !Files.exists(extraCas)) {
            return jdk.getTrustManagers();
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (X509TrustManager tm : List.of((X509TrustManager) jdk.getTrustManagers()[0])) {
            for (X509Certificate c : tm.getAcceptedIssuers()) {
                store.setCertificateEntry("jdk-" + i++, c);
            }
        }
        for (X509Certificate c : Pem.certificates(extraCas)) {
            store.setCertificateEntry("extra-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
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

    /** DomainValidation: the certificate must carry {@code expected} ({@code *.domain} allowed). */
    /**
     * After the handshake: with DomainValidation, the certificate must name {@code tlsDomain}, or
     * the smart host's own name when none is configured (an IP-address host has none to offer).
     */
    static void checkDomain(SSLSession session, TlsAuthLevel level, String tlsDomain, String hostName)
            throws javax.net.ssl.SSLException {
        if (level != TlsAuthLevel.DomainValidation) {
            return;
        }
        String expected = tlsDomain != null ? tlsDomain : hostName;
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
