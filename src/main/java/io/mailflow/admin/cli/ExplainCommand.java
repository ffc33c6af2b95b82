package io.mailflow.admin.cli;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.ConnectorType;
import io.mailflow.model.InboundConnector;
import io.mailflow.model.IpRange;
import io.mailflow.model.OutboundConnector;
import io.mailflow.model.EmailAddress;
import io.mailflow.pipeline.Envelope;
import io.mailflow.pipeline.MessagePlanner;
import io.mailflow.store.MessageContent;
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

    @Mixin
    ClientOptions clientOptions;

    @Option(names = "--message", paramLabel = "FILE.eml",
            description = "A message to run the mail flow rules on (default: a short message with --subject)")
    java.nio.file.Path message;

    @Option(names = "--subject", paramLabel = "TEXT", defaultValue = "(explain)",
            description = "The Subject of the default message the rules see")
    String subject;

    @Override
    public Integer call() throws Exception {
        ConfigSnapshot s = config.load();
        ClientOptions.Client client = clientOptions.describe(s);
        Attribution attribution = client.attribution();
        InboundConnector connector = attribution.connector();
        boolean fromOnPremises = client.pipelineFacts().fromOnPremises();
        System.out.printf("Client %s%s: %s%n", clientOptions.clientIp, client.certificate() == null ? ""
                : " with certificate " + clientOptions.clientCertName, connector == null ? attribution.how()
                : "inbound connector '" + connector.name() + "' (" + connector.connectorType() + "): " + attribution.how());
        EmailAddress sender = from == null || from.isEmpty() ? null : EmailAddress.parse(from);
        var facts = client.facts();
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
        List<EmailAddress> accepted = new ArrayList<>();
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
                    accepted.add(a.address());
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
        if (!s.rules().isEmpty() && !accepted.isEmpty()) {
            System.out.println();
            System.out.println("The routes above are without the mail flow rules; with them (the message: "
                    + (message != null ? message : "a made-up one with Subject: " + subject) + "):");
            byte[] content = message != null ? java.nio.file.Files.readAllBytes(message)
                    : PlanPrinter.defaultMessage(from, accepted, subject);
            var envelope = new Envelope(sender, false, null, null, null,
                    accepted.stream().map(a -> new Envelope.Recipient(a, null, null)).toList());
            var plan = MessagePlanner.plan(envelope, client.pipelineFacts(), MessageContent.ofBytes(content), s,
                    java.time.Instant.now(), true);
            refused |= PlanPrinter.print(plan, s, false) != 0;
        }
        return refused ? 1 : 0;
    }

    static void describe(NextHop hop, ConfigSnapshot s) {
        describe(hop, s, false);
    }

    /** How a next hop is reached, for an administrator; {@code ruleTls}: a rule requires TLS. */
    private static void describe(NextHop hop, ConfigSnapshot s, boolean ruleTls) {
        switch (hop) {
            case NextHop.Mailbox m -> System.out.println("    delivered into the mailbox of " + m.primarySmtpAddress());
            case NextHop.Mx mx -> System.out.println("    MX lookup of " + mx.domain() + " at delivery (preference order,"
                    + " random among equals; no MX: its A/AAAA; null MX: NDR), port "
                    + s.configuration().transport().mxPort() + (ruleTls ? ", TLS required by a mail flow rule (EncryptionOnly)"
                            : ", opportunistic TLS"));
            case NextHop.Connector c -> {
                OutboundConnector oc = s.outboundConnector(c.name()).orElseThrow();
                System.out.println(oc.useMxRecord() ? "    MX lookup of " + c.mxDomain() + " at delivery"
                        : "    smart hosts " + oc.smartHosts() + ", round robin; a host that does not answer is skipped for "
                                + io.mailflow.model.Durations.format(s.configuration().transport().smartHostDownTime())
                                + "; a 5xx is final (no other host is tried)");
                System.out.println("    TLS: " + (oc.tlsSettings() != null ? "required, " + oc.tlsSettings()
                        + (oc.tlsDomain() != null ? " for " + oc.tlsDomain() : "") + " (never plain text)"
                        : ruleTls ? "required by a mail flow rule, EncryptionOnly (never plain text)"
                        : "opportunistic (STARTTLS if offered, plain text if the handshake fails)"));
            }
            case NextHop.TlsRequired t -> describe(t.hop(), s, true);
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
