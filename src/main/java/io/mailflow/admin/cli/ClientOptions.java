package io.mailflow.admin.cli;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.ConnectorType;
import io.mailflow.model.InboundConnector;
import io.mailflow.model.IpRange;
import io.mailflow.pipeline.ClientFacts;
import io.mailflow.receive.Attribution;
import io.mailflow.receive.InboundPolicy;
import io.mailflow.tls.ClientCertificate;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options that describe a connecting client, shared by explain and rules test. */
final class ClientOptions {

    @Option(names = "--client-ip", paramLabel = "IP", defaultValue = "192.0.2.1",
            description = "The connecting client's IP address (default 192.0.2.1, an outside client)")
    String clientIp;

    @Option(names = "--client-cert-name", paramLabel = "NAME",
            description = "The client presents a trusted certificate with this DNS name (implies --tls)")
    String clientCertName;

    @Option(names = "--tls", description = "The session runs over TLS")
    boolean tls;

    @Option(names = "--authenticated-user", paramLabel = "ADDR", description = "The client logged in with SMTP AUTH as this mailbox")
    String authenticatedUser;

    /** The client as the receiving session would see it. */
    record Client(InetAddress ip, ClientCertificate certificate, Attribution attribution, InboundPolicy.Facts facts,
            ClientFacts pipelineFacts) {
    }

    Client describe(ConfigSnapshot s) {
        InetAddress ip = IpRange.literal(clientIp);
        ClientCertificate cert = clientCertName == null ? null
                : new ClientCertificate(List.of(clientCertName.toLowerCase(Locale.ROOT)), true, null);
        Attribution attribution = Attribution.of(s, ip, cert);
        InboundConnector c = attribution.connector();
        boolean onPremises = c != null && c.connectorType() == ConnectorType.OnPremises;
        boolean encrypted = tls || cert != null || authenticatedUser != null;
        var facts = new InboundPolicy.Facts(ip, encrypted, true, attribution, authenticatedUser);
        boolean internal = authenticatedUser != null || onPremises && c.treatMessagesAsInternal();
        ClientFacts pipeline = new ClientFacts(clientIp, "explain", true, authenticatedUser != null ? "Client Submission"
                : "Default Frontend", encrypted ? "TLSv1.3" : null, encrypted ? "(explain)" : null, c == null ? null : c.name(),
                onPremises, authenticatedUser, internal);
        return new Client(ip, cert, attribution, facts, pipeline);
    }
}
