package io.mailflow;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.ServerTls;
import io.mailflow.tls.FileFingerprint;
import io.mailflow.tls.SelfSignedCertificate;
import io.mailflow.tls.ServerTlsContext;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** Builds the server's TLS context from the configuration: the configured files, or the generated certificate. */
final class GatewayTls {

    private GatewayTls() {
    }

    /** The CAs client certificates are checked against: the JDK's plus transport.trustedCaFile. */
    private static Path trustedCas(ConfigSnapshot config) {
        String file = config.configuration().transport().trustedCaFile();
        return file == null ? null : config.resolve(file);
    }

    static ServerTlsContext build(ConfigSnapshot config) throws IOException, GeneralSecurityException {
        ServerTls tls = config.configuration().server().tls();
        if (tls.isGenerated()) {
            Path[] files = SelfSignedCertificate.ensure(config.dataDirectory().resolve("tls"),
                    config.configuration().server().hostname());
            return ServerTlsContext.fromPem(files[0], files[1], trustedCas(config));
        }
        return ServerTlsContext.fromPem(config.resolve(tls.certificateFile()), config.resolve(tls.privateKeyFile()),
                trustedCas(config));
    }

    /**
     * What the context is built from: the files' paths and bytes (a renewal writes the same path,
     * and may keep its modification time) and, for the generated certificate, the host name it is
     * made for. Equal fingerprints mean there is nothing new to load.
     */
    static String fingerprint(ConfigSnapshot config) throws IOException {
        ServerTls tls = config.configuration().server().tls();
        String files = tls.isGenerated() ? FileFingerprint.of(trustedCas(config))
                : FileFingerprint.of(config.resolve(tls.certificateFile()), config.resolve(tls.privateKeyFile()),
                        trustedCas(config));
        return tls.isGenerated() ? "generated for " + config.configuration().server().hostname() + ": " + files : files;
    }
}
