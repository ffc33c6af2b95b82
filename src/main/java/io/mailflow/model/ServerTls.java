package io.mailflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The certificate the SMTP server presents for STARTTLS. With neither file given, a self-signed
 * certificate for the server's host name is generated at first start and kept in the data
 * directory.
 *
 * @param certificateFile PEM file with the certificate chain, leaf first
 * @param privateKeyFile PEM file with the private key (PKCS#8 or traditional)
 */
public record ServerTls(String certificateFile, String privateKeyFile) {

    public static ServerTls generated() {
        return new ServerTls(null, null);
    }

    public boolean isGenerated() {
        return certificateFile == null && privateKeyFile == null;
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        if (certificateFile == null && privateKeyFile != null) {
            errors.add(new ConfigError("certificateFile", "is required when privateKeyFile is set"));
        }
        if (certificateFile != null && privateKeyFile == null) {
            errors.add(new ConfigError("privateKeyFile", "is required when certificateFile is set"));
        }
        return errors;
    }
}
