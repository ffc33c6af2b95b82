package io.mailflow.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The certificate a client presented during the TLS handshake, checked after the handshake
 * against the trusted CAs. The handshake itself never fails for a client certificate: an
 * untrusted one simply attributes the session to nothing.
 *
 * @param names the DNS names it carries
 * @param trusted the chain leads to a trusted CA and is valid now
 * @param problem why it is not trusted, or null
 */
public record ClientCertificate(List<String> names, boolean trusted, String problem) {

    /** The client's certificate in a finished handshake, or null when it presented none. */
    public static ClientCertificate of(SSLSession session, TrustedCas trust) {
        X509Certificate[] chain;
        try {
            chain = (X509Certificate[]) session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException none) {
            return null;
        }
        List<String> names = CertificateNames.of(chain[0]);
        try {
            trust.trustManager().checkClientTrusted(chain, chain[0].getPublicKey().getAlgorithm());
            return new ClientCertificate(names, true, null);
        } catch (CertificateException e) {
            return new ClientCertificate(names, false, e.getMessage());
        }
    }

    /** True when the certificate is trusted and carries {@code expected} (e.g. tlsSenderCertificateName). */
    public boolean matches(String expected) {
        return trusted && CertificateNames.anyMatches(names, expected);
    }
}
