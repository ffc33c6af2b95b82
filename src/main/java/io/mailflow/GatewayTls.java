package io.mailflow;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.ServerTls;
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
}
