package io.mailflow.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The certificate a client presented during the TLS handshake, checked after the handshake
 * against the trusted CAs. The handshake itself never fails for a client certificate: an
 * untrusted one simply attributes the session to nothing.
 *
 * <p>Trusted means: a PKIX chain to one of the trusted CAs, valid now, and a leaf whose extended
 * key usage, when it has one, allows TLS client <em>or server</em> authentication. A server's
 * certificate presented as a client certificate is how Exchange attributes mail to a connector,
 * and public CAs no longer put clientAuth into server certificates (docs/DECISIONS.md, "Client
 * certificates without the clientAuth EKU"); the JDK's own client check would refuse them.
 *
 * @param names the DNS names it carries
 * @param trusted the chain leads to a trusted CA, is valid now, and its purposes allow TLS
 * @param problem why it is not trusted, or null
 */
public record ClientCertificate(List<String> names, boolean trusted, String problem) {

    private static final String ANY_PURPOSE = "2.5.29.37.0";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final Set<String> TLS_PURPOSES = Set.of(ANY_PURPOSE, SERVER_AUTH, CLIENT_AUTH);
    private static final Map<String, String> PURPOSE_NAMES = Map.of("1.3.6.1.5.5.7.3.3", "codeSigning",
            "1.3.6.1.5.5.7.3.4", "emailProtection", "1.3.6.1.5.5.7.3.8", "timeStamping", "1.3.6.1.5.5.7.3.9", "OCSPSigning");

    /** The client's certificate in a finished handshake, or null when it presented none. */
    public static ClientCertificate of(SSLSession session, TrustedCas trust) {
        try {
            return of((X509Certificate[]) session.getPeerCertificates(), trust);
        } catch (SSLPeerUnverifiedException none) {
            return null;
        }
    }

    /** A chain as the client sent it, leaf first. */
    public static ClientCertificate of(X509Certificate[] chain, TrustedCas trust) {
        String problem = chainProblem(chain, trust);
        if (problem == null) {
            problem = purposeProblem(chain[0]);
        }
        return new ClientCertificate(CertificateNames.of(chain[0]), problem == null, problem);
    }

    /** True when the certificate is trusted and carries {@code expected} (e.g. tlsSenderCertificateName). */
    public boolean matches(String expected) {
        return trusted && CertificateNames.anyMatches(names, expected);
    }

    /**
     * Builds a path from the leaf to a trusted CA out of what the client sent (in any order), as
     * the JDK's trust manager would, but without its TLS-client end-entity rule: the purpose is
     * judged by {@link #purposeProblem}. Revocation is not checked, as the JDK does not by default.
     */
    private static String chainProblem(X509Certificate[] chain, TrustedCas trust) {
        try {
            X509CertSelector leaf = new X509CertSelector();
            leaf.setCertificate(chain[0]);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(trust.anchors(), leaf);
            parameters.setRevocationEnabled(false);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(chain))));
            CertPathBuilder.getInstance("PKIX").build(parameters);
            return null;
        } catch (GeneralSecurityException e) {
            return "no valid chain to " + trust + ": " + e.getMessage();
        }
    }

    /**
     * RFC 5280 §4.2.1.12: with an extended key usage, the certificate is for those purposes only;
     * without one, for any. clientAuth, serverAuth and anyExtendedKeyUsage are TLS identities;
     * emailProtection, codeSigning and the like are not. RFC 5246 §7.4.8 / RFC 8446 §4.4.3: the
     * client proves its key by signing, so a key usage without digitalSignature cannot be one.
     */
    private static String purposeProblem(X509Certificate leaf) {
        List<String> purposes;
        try {
            purposes = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return "its extended key usage cannot be read: " + e.getMessage();
        }
        if (purposes != null && purposes.stream().noneMatch(TLS_PURPOSES::contains)) {
            return "its extended key usage " + purposes.stream().map(p -> PURPOSE_NAMES.getOrDefault(p, p)).toList()
                    + " allows neither TLS client nor TLS server authentication";
        }
        boolean[] keyUsage = leaf.getKeyUsage();
        if (keyUsage != null && !keyUsage[0]) {
            return "its key usage does not allow digital signatures, which a TLS client's key must make";
        }
        return null;
    }
}
