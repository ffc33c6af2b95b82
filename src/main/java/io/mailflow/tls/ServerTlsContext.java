package io.mailflow.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The server side of TLS (STARTTLS and implicit TLS): our certificate chain and key, a request
 * for the client's certificate (inbound connectors attribute sessions by it), and the trusted CAs
 * that certificate is checked against after the handshake.
 */
public final class ServerTlsContext {

    /** TLS versions the server accepts. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext context;
    private final X509Certificate leaf;
    private final TrustedCas clientTrust;

    private ServerTlsContext(SSLContext context, X509Certificate leaf, TrustedCas clientTrust) {
        this.context = context;
        this.leaf = leaf;
        this.clientTrust = clientTrust;
    }

    /** Builds a context from PEM files; client certificates are checked against the JDK's CAs. */
    public static ServerTlsContext fromPem(Path certificateFile, Path privateKeyFile) throws IOException, GeneralSecurityException {
        return fromPem(certificateFile, privateKeyFile, null);
    }

    /** Builds a context from PEM files; {@code trustedCas} (may be null) adds CAs for client certificates. */
    public static ServerTlsContext fromPem(Path certificateFile, Path privateKeyFile, Path trustedCas)
            throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = Pem.certificates(certificateFile);
        PrivateKey key = Pem.privateKey(privateKeyFile);
        if (!KeyPairs.match(key, chain.getFirst())) {
            // A renewal that wrote the new certificate but not its key (or the other way round)
            // would otherwise fail every handshake with an error no client explains.
            throw new GeneralSecurityException("the private key in " + privateKeyFile + " does not match the certificate in "
                    + certificateFile + " (" + chain.getFirst().getSubjectX500Principal().getName() + ", serial "
                    + chain.getFirst().getSerialNumber().toString(16) + ")");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = new char[0];
        store.setKeyEntry("server", key, password, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        // Any client certificate is let through the handshake; it is judged afterwards (ClientCertificate).
        context.init(kmf.getKeyManagers(), new TrustManager[] {new AcceptAnyClient()}, null);
        return new ServerTlsContext(context, chain.getFirst(), TrustedCas.jdkPlus(trustedCas));
    }

    public SSLContext context() {
        return context;
    }

    public X509Certificate certificate() {
        return leaf;
    }

    /** What a client certificate is checked against once the handshake is done. */
    public TrustedCas clientTrust() {
        return clientTrust;
    }

    /** TLS 1.2+ only, the server's cipher order, and a request (not a demand) for the client's certificate. */
    public SSLParameters parameters() {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setUseCipherSuitesOrder(true);
        p.setWantClientAuth(true);
        return p;
    }

    private static final class AcceptAnyClient implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("server side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
