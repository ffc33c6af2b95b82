package io.mailflow.receive;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.InboundConnector;
import io.mailflow.tls.ClientCertificate;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * Which inbound connector a session belongs to (exchange-mailflow.md §2.2): the one whose
 * tlsSenderCertificateName the client's trusted certificate carries, else the one whose most
 * specific senderIPAddresses range holds the client's address (then by name). At most one.
 *
 * @param connector the connector, or null
 * @param how what matched, for the trace and explain
 * @param certificate the client's certificate, or null
 */
public record Attribution(InboundConnector connector, String how, ClientCertificate certificate) {

    public static final Attribution NONE = new Attribution(null, "no inbound connector matches", null);

    public static Attribution of(ConfigSnapshot config, InetAddress client, ClientCertificate certificate) {
        if (certificate != null && certificate.trusted()) {
            Optional<InboundConnector> byCert = config.configuration().inboundConnectors().stream()
                    .filter(InboundConnector::isEnabled)
                    .filter(c -> c.tlsSenderCertificateName() != null && certificate.matches(c.tlsSenderCertificateName()))
                    .min(Comparator.comparing((InboundConnector c) -> c.name().toLowerCase(Locale.ROOT)).thenComparing(InboundConnector::name));
            if (byCert.isPresent()) {
                return new Attribution(byCert.get(), "client certificate " + certificate.names() + " matches "
                        + byCert.get().tlsSenderCertificateName(), certificate);
            }
        }
        return config.inboundConnectorFor(client)
                .map(c -> new Attribution(c, "client IP " + client.getHostAddress() + " is in its senderIPAddresses", certificate))
                .orElse(certificate == null ? NONE : new Attribution(null, "no inbound connector matches (certificate "
                        + certificate.names() + (certificate.trusted() ? "" : ", untrusted: " + certificate.problem()) + ")", certificate));
    }

    public boolean byCertificate() {
        return connector != null && how.startsWith("client certificate");
    }
}
