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
        var d = io.mailflow.receive.Explanation.describe(
                new io.mailflow.receive.Explanation.Client(clientIp, clientCertName, tls, authenticatedUser), s);
        return new Client(d.ip(), d.certificate(), d.attribution(), d.facts(), d.pipelineFacts());
    }
}
