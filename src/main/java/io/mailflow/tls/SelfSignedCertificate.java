package io.mailflow.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate a gateway presents when none is configured: an EC P-256 key and a self-signed
 * certificate for the host name, generated once and kept in {@code <data>/tls/}. It is renewed
 * when the host name changes or it comes within 30 days of expiry.
 */
public final class SelfSignedCertificate {

    private static final Duration VALIDITY = Duration.ofDays(825);

    private SelfSignedCertificate() {
    }

    /** The certificate and key files, created or renewed as needed. */
    public static Path[] ensure(Path directory, String hostname) throws IOException, GeneralSecurityException {
        Path cert = directory.resolve("selfsigned-cert.pem");
        Path key = directory.resolve("selfsigned-key.pem");
        if (Files.exists(cert) && Files.exists(key) && stillGood(cert, hostname)) {
            return new Path[] {cert, key};
        }
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair pair = g.generateKeyPair();
        X509Certificate certificate = sign(pair, hostname);
        writePrivately(key, Pem.encode(pair.getPrivate()));
        writePrivately(cert, Pem.encode(certificate));
        return new Path[] {cert, key};
    }

    /** Written 0600 beside its name and renamed over it: never readable by others, never half written. */
    private static void writePrivately(Path file, String pem) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean stillGood(Path cert, String hostname) throws IOException {
        X509Certificate c = Pem.certificates(cert).getFirst();
        boolean fresh = c.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(30)));
        return fresh && c.getSubjectX500Principal().getName().equals("CN=" + hostname);
    }

    static X509Certificate sign(KeyPair pair, String hostname) throws GeneralSecurityException {
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=" + hostname);
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, hostname)));
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot sign the self-signed certificate", e);
        }
    }
}
