package io.mailflow.admin.cli;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.ConnectorType;
import io.mailflow.model.InboundConnector;
import io.mailflow.model.IpRange;
import io.mailflow.model.OutboundConnector;
import io.mailflow.receive.RecipientAcceptance;
import io.mailflow.routing.NextHop;
import io.mailflow.routing.RouteDecision;
import io.mailflow.routing.RouteRequest;
import io.mailflow.routing.Router;
import io.mailflow.smtp.CommandParser;
import io.mailflow.smtp.SmtpCommand;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mailflow explain}: what the gateway would do with a message, per recipient, and every
 * step that led there. It calls the same functions as live mail (RCPT acceptance and
 * {@link Router#decide}), so the explanation is the decision.
 */
@Command(name = "explain", description = "Explain, per recipient, whether it is accepted and where it would be routed, and why.")
final class ExplainCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--from", paramLabel = "ADDR", description = "Envelope sender (default: the null sender <>)")
    String from;

    @Option(names = "--to", paramLabel = "ADDR", required = true, description = "Envelope recipient (repeat for several)")
    List<String> to;

    @Option(names = "--client-ip", paramLabel = "IP", defaultValue = "192.0.2.1",
            description = "The connecting client's IP address (default 192.0.2.1, an outside client)")
    String clientIp;

    @Override
    public Integer call() throws Exception {
        ConfigSnapshot s = config.load();
        InetAddress client = IpRange.literal(clientIp);
        InboundConnector connector = s.inboundConnectorFor(client).orElse(null);
        boolean fromOnPremises = connector != null && connector.connectorType() == ConnectorType.OnPremises;
        System.out.printf("Client %s: %s%n", clientIp, connector == null ? "no inbound connector (an anonymous sender)"
                : "inbound connector '" + connector.name() + "' (" + connector.connectorType() + ")"
                        + (fromOnPremises ? ": may relay to any domain" : ""));
        System.out.printf("Sender <%s>%n%n", from == null ? "" : from);
        Map<String, List<String>> byHop = new LinkedHashMap<>();
        boolean refused = false;
        for (String recipient : to) {
            String path = recipient.startsWith("<") ? recipient : "<" + recipient + ">";
            System.out.println("Recipient " + path);
            if (!(CommandParser.parse("RCPT TO:" + path) instanceof CommandParser.Result.Ok ok)) {
                System.out.println("  RCPT: refused as bad syntax: " + ((CommandParser.Result.Error) CommandParser.parse("RCPT TO:" + path)).reply().text());
                refused = true;
                continue;
            }
            SmtpCommand.Rcpt rcpt = (SmtpCommand.Rcpt) ok.command();
            switch (RecipientAcceptance.decide(rcpt.path(), connector, s)) {
                case RecipientAcceptance.Decision.Reject r -> {
                    System.out.println("  RCPT: refused with " + r.reply().text());
                    System.out.println("    because " + r.reason());
                    refused = true;
                }
                case RecipientAcceptance.Decision.Accept a -> {
                    System.out.println("  RCPT: accepted (250 2.1.5) because " + a.reason());
                    RouteDecision d = Router.decide(new RouteRequest(a.address(), null, fromOnPremises), s);
                    d.steps().forEach(step -> System.out.println("    - " + step));
                    System.out.println("  Next hop: " + d.nextHop().key());
                    describe(d.nextHop(), s);
                    byHop.computeIfAbsent(d.nextHop().key(), k -> new ArrayList<>()).add(a.address().toString());
                }
            }
            System.out.println();
        }
        if (byHop.size() > 1) {
            System.out.println("The message would be split into " + byHop.size() + " deliveries (bifurcation), one per next hop:");
        }
        byHop.forEach((hop, rcpts) -> System.out.println("  " + hop + " <- " + rcpts));
        return refused ? 1 : 0;
    }

    private static void describe(NextHop hop, ConfigSnapshot s) {
        switch (hop) {
            case NextHop.Mailbox m -> System.out.println("    delivered into the Maildir of " + m.primarySmtpAddress());
            case NextHop.Mx mx -> System.out.println("    MX lookup of " + mx.domain() + " at delivery (preference order,"
                    + " random among equals; no MX: its A/AAAA; null MX: NDR), port "
                    + s.configuration().transport().mxPort() + ", opportunistic TLS");
            case NextHop.Connector c -> {
                OutboundConnector oc = s.outboundConnector(c.name()).orElseThrow();
                System.out.println(oc.useMxRecord() ? "    MX lookup of " + c.mxDomain() + " at delivery"
                        : "    smart hosts " + oc.smartHosts() + ", round robin; a host that does not answer is skipped for "
                                + io.mailflow.model.Durations.format(s.configuration().transport().smartHostDownTime())
                                + "; a 5xx is final (no other host is tried)");
                System.out.println("    TLS: " + (oc.tlsSettings() == null ? "opportunistic (STARTTLS if offered, plain text"
                        + " if the handshake fails)" : "required, " + oc.tlsSettings()
                        + (oc.tlsDomain() != null ? " for " + oc.tlsDomain() : "") + " (never plain text)"));
            }
        }
    }
}
