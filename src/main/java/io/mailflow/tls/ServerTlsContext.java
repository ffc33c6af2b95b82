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

/** The server side of STARTTLS: an SSLContext built from a certificate chain and its key. */
public final class ServerTlsContext {

    /** TLS versions the server accepts. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext context;
    private final X509Certificate leaf;

    private ServerTlsContext(SSLContext context, X509Certificate leaf) {
        this.context = context;
        this.leaf = leaf;
    }

    /** Builds a context from PEM files. */
    public static ServerTlsContext fromPem(Path certificateFile, Path privateKeyFile) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = Pem.certificates(certificateFile);
        PrivateKey key = Pem.privateKey(privateKeyFile);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = new char[0];
        store.setKeyEntry("server", key, password, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return new ServerTlsContext(context, chain.getFirst());
    }

    public SSLContext context() {
        return context;
    }

    public X509Certificate certificate() {
        return leaf;
    }

    /** Parameters for a server socket: TLS 1.2+ only, the server's cipher order. */
    public SSLParameters parameters() {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setUseCipherSuitesOrder(true);
        return p;
    }
}
