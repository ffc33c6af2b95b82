package io.mailflow.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The CAs a peer's certificate is checked against: the JDK's own, plus those of one PEM file
 * ({@code transport.trustedCaFile}). It can say which, so that a failed check names what it was
 * checked against ("the JDK's CAs plus /etc/mailflow/ca.pem (3 certificates)").
 */
public final class TrustedCas {

    private final X509TrustManager trustManager;
    private final Set<TrustAnchor> anchors;
    private final String description;

    private TrustedCas(X509TrustManager trustManager, String description) {
        this.trustManager = trustManager;
        Set<TrustAnchor> a = new LinkedHashSet<>();
        for (X509Certificate c : trustManager.getAcceptedIssuers()) {
            a.add(new TrustAnchor(c, null));
        }
        this.anchors = Set.copyOf(a);
        this.description = description;
    }

    /**
     * The JDK's CAs and those in {@code extra}. A file that cannot be read or holds no certificate
     * is an error, never a silent fallback to the JDK's CAs alone.
     *
     * @param extra a PEM file of CA certificates, or null for the JDK's CAs only
     */
    public static TrustedCas jdkPlus(Path extra) throws IOException, GeneralSecurityException {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        X509TrustManager jdkTrust = (X509TrustManager) jdk.getTrustManagers()[0];
        if (extra == null) {
            return new TrustedCas(jdkTrust, "the JDK's CAs");
        }
        List<X509Certificate> added = Pem.certificates(extra);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        List<X509Certificate> all = new ArrayList<>(List.of(jdkTrust.getAcceptedIssuers()));
        all.addAll(added);
        for (int i = 0; i < all.size(); i++) {
            store.setCertificateEntry("ca-" + i, all.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return new TrustedCas((X509TrustManager) tmf.getTrustManagers()[0], "the JDK's CAs plus " + extra + " ("
                + added.size() + (added.size() == 1 ? " certificate)" : " certificates)"));
    }

    /** The JDK's trust manager over these CAs (its checks of a server's chain are the ones TLS clients expect). */
    public X509TrustManager trustManager() {
        return trustManager;
    }

    /** The same CAs as PKIX trust anchors, for checks the JDK's trust manager does not make as we need. */
    public Set<TrustAnchor> anchors() {
        return anchors;
    }

    /** Which CAs these are, e.g. "the JDK's CAs plus /etc/mailflow/ca.pem (3 certificates)". */
    @Override
    public String toString() {
        return description;
    }
}
