package io.mailflow.testing;

import io.mailflow.tls.Pem;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test certificate authority made in the test, and certificates it issues. */
public final class TestCertificates {

    /** A certificate with its key, and the PEM files they were written to. */
    public record Issued(X509Certificate certificate, KeyPair keys, Path certificateFile, Path keyFile) {
    }

    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final Path directory;

    private TestCertificates(Path directory, KeyPair caKeys, X509Certificate ca) {
        this.directory = directory;
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** A new CA named "Mailflow Test CA", its certificate written to {@code ca.pem}. */
    public static TestCertificates newAuthority(Path directory) throws Exception {
        Files.createDirectories(directory);
        KeyPair keys = keys();
        X500Name name = new X500Name("CN=Mailflow Test CA");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate ca = sign(b, keys);
        Files.writeString(directory.resolve("ca.pem"), Pem.encode(ca));
        return new TestCertificates(directory, keys, ca);
    }

    public Path caFile() {
        return directory.resolve("ca.pem");
    }

    public X509Certificate ca() {
        return ca;
    }

    /** A server certificate for {@code dnsName}, valid from now for a year. */
    public Issued issue(String fileName, String dnsName) throws Exception {
        Instant now = Instant.now();
        return issue(fileName, dnsName, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    }

    /** A certificate for {@code dnsName} valid between the given times (in the past for an expired one). */
    public Issued issue(String fileName, String dnsName, Instant notBefore, Instant notAfter) throws Exception {
        return issue(fileName, dnsName, notBefore, notAfter, null);
    }

    /**
     * A certificate for {@code dnsName}, valid for a year, whose extended key usage extension
     * lists exactly {@code purposes} (e.g. only serverAuth, as public CAs issue them since 2026).
     */
    public Issued issue(String fileName, String dnsName, KeyPurposeId... purposes) throws Exception {
        Instant now = Instant.now();
        return issue(fileName, dnsName, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)),
                new ExtendedKeyUsage(purposes));
    }

    private Issued issue(String fileName, String dnsName, Instant notBefore, Instant notAfter, ExtendedKeyUsage purposes)
            throws Exception {
        KeyPair keys = keys();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Mailflow Test CA"), serial(),
                Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + dnsName), keys.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        if (purposes != null) {
            b.addExtension(Extension.extendedKeyUsage, false, purposes);
        }
        X509Certificate cert = sign(b, caKeys);
        Path certFile = directory.resolve(fileName + "-cert.pem");
        Path keyFile = directory.resolve(fileName + "-key.pem");
        Files.writeString(certFile, Pem.encode(cert, ca));
        Files.writeString(keyFile, Pem.encode(keys.getPrivate()));
        return new Issued(cert, keys, certFile, keyFile);
    }

    /** A client-side SSLContext that trusts only this CA. */
    public SSLContext clientContext() throws Exception {
        return clientContext(null);
    }

    private javax.net.ssl.TrustManager[] trustingThisCa() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    /**
     * A client-side SSLContext that trusts this CA and presents {@code clientCertificate} when the
     * server asks for one (null = present none).
     */
    public SSLContext clientContext(Issued clientCertificate) throws Exception {
        SSLContext c = SSLContext.getInstance("TLS");
        if (clientCertificate == null) {
            c.init(null, trustingThisCa(), null);
            return c;
        }
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        own.setKeyEntry("client", clientCertificate.keys().getPrivate(), new char[0],
                new X509Certificate[] {clientCertificate.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(own, new char[0]);
        c.init(kmf.getKeyManagers(), trustingThisCa(), null);
        return c;
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(signer.getPrivate())));
    }
}
