package io.mailflow.admin.cli;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.ConnectorType;
import io.mailflow.model.InboundConnector;
import io.mailflow.model.IpRange;
import io.mailflow.model.OutboundConnector;
import io.mailflow.model.EmailAddress;
import io.mailflow.pipeline.Envelope;
import io.mailflow.pipeline.RecipientResolver;
import io.mailflow.receive.Attribution;
import io.mailflow.receive.InboundPolicy;
import io.mailflow.receive.RecipientAcceptance;
import io.mailflow.receive.RelayRight;
import io.mailflow.tls.ClientCertificate;
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

    @Option(names = "--client-cert-name", paramLabel = "NAME",
            description = "The client presents a trusted certificate with this DNS name (implies --tls)")
    String clientCertName;

    @Option(names = "--tls", description = "The session runs over TLS")
    boolean tls;

    @Option(names = "--authenticated-user", paramLabel = "ADDR", description = "The client logged in with SMTP AUTH as this mailbox")
    String authenticatedUser;

    @Override
    public Integer call() throws Exception {
        ConfigSnapshot s = config.load();
        InetAddress client = IpRange.literal(clientIp);
        ClientCertificate cert = clientCertName == null ? null
                : new ClientCertificate(List.of(clientCertName.toLowerCase(java.util.Locale.ROOT)), true, null);
        Attribution attribution = Attribution.of(s, client, cert);
        InboundConnector connector = attribution.connector();
        boolean fromOnPremises = connector != null && connector.connectorType() == ConnectorType.OnPremises;
        System.out.printf("Client %s%s: %s%n", clientIp, cert == null ? "" : " with certificate " + clientCertName,
                connector == null ? attribution.how() : "inbound connector '" + connector.name() + "' ("
                        + connector.connectorType() + "): " + attribution.how());
        EmailAddress sender = from == null || from.isEmpty() ? null : EmailAddress.parse(from);
        var facts = new InboundPolicy.Facts(client, tls || cert != null, true, attribution, authenticatedUser);
        RelayRight relay;
        switch (InboundPolicy.onMail(sender, facts, s)) {
            case InboundPolicy.Decision.Refuse r -> {
                System.out.printf("MAIL FROM:<%s>: refused with %s%n    because %s%n", from == null ? "" : from, r.reply().text(), r.why());
                return 1;
            }
            case InboundPolicy.Decision.Allow a -> {
                relay = a.relay();
                System.out.printf("MAIL FROM:<%s>: accepted; relay to other domains: %s (%s)%n%n", from == null ? "" : from,
                        relay.allowed() ? "allowed" : "not allowed", relay.why());
            }
        }
        Map<String, List<String>> byHop = new LinkedHashMap<>();
        boolean refused = false;
        for (String recipient : to) {
            String path = recipient.startsWith("<") ? recipient : "<" + recipient + ">";
            System.out.println("Recipient " + path);
            CommandParser.Result parsed = CommandParser.parse("RCPT TO:" + path);
            if (!(parsed instanceof CommandParser.Result.Ok ok)) {
                System.out.println("  RCPT: refused as bad syntax: " + ((CommandParser.Result.Error) parsed).reply().text());
                refused = true;
                continue;
            }
            SmtpCommand.Rcpt rcpt = (SmtpCommand.Rcpt) ok.command();
            switch (RecipientAcceptance.decide(rcpt.path(), relay, s)) {
                case RecipientAcceptance.Decision.Reject r -> {
                    System.out.println("  RCPT: refused with " + r.reply().text());
                    System.out.println("    because " + r.reason());
                    refused = true;
                }
                case RecipientAcceptance.Decision.Accept a -> {
                    System.out.println("  RCPT: accepted (250 2.1.5) because " + a.reason());
                    var resolved = RecipientResolver.resolve(List.of(new Envelope.Recipient(a.address(), null, null)), s);
                    resolved.events().forEach(e -> System.out.println("    " + e.name() + "  " + describeEvent(e)));
                    for (var target : resolved.recipients()) {
                        RouteDecision d = Router.decide(new RouteRequest(target.address(), null, fromOnPremises), s);
                        System.out.println("  " + (resolved.recipients().size() > 1 ? target.address() + ": " : "") + "route:");
                        d.steps().forEach(step -> System.out.println("    - " + step));
                        System.out.println("  Next hop: " + d.nextHop().key());
                        describe(d.nextHop(), s);
                        byHop.computeIfAbsent(d.nextHop().key(), k -> new ArrayList<>()).add(target.address().toString());
                    }
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

    /** An event's fields as the trace prints them: {@code key=value} pairs. */
    private static String describeEvent(io.mailflow.trace.TraceEvent e) {
        var fields = io.mailflow.trace.TraceEvents.fields(io.mailflow.trace.TraceEvents.record("", java.time.Instant.EPOCH, e));
        StringBuilder b = new StringBuilder(e.recipient() == null ? "" : "<" + e.recipient() + ">");
        fields.forEach((k, v) -> b.append(b.isEmpty() ? "" : "  ").append(k).append('=').append(v));
        return b.toString();
    }
}
