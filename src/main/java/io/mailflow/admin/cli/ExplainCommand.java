package io.mailflow.admin.cli;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.InboundConnector;
import io.mailflow.model.EmailAddress;
import io.mailflow.pipeline.Envelope;
import io.mailflow.pipeline.MessagePlanner;
import io.mailflow.message.MessageContent;
import io.mailflow.receive.Attribution;
import io.mailflow.receive.InboundPolicy;
import io.mailflow.receive.RecipientAcceptance;
import io.mailflow.receive.RelayRight;
import io.mailflow.smtp.CommandParser;
import io.mailflow.smtp.SmtpCommand;
import io.mailflow.smtp.SmtpPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mailflow explain}: what the gateway would do with a message, per recipient, and every
 * step that led there. It calls the same functions as live mail (inbound attribution and policy,
 * RCPT acceptance, then {@link MessagePlanner#plan}: directory, mail flow rules, routes), so the
 * explanation is the decision.
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

    /** The RCPT outcomes: accepted addresses, and refused ones that still have a route to show. */
    private record Recipients(List<EmailAddress> accepted, List<EmailAddress> refusedButRoutable, boolean anyRefused) {
    }

    @Override
    public Integer call() throws Exception {
        ConfigSnapshot s = config.load();
        ClientOptions.Client client = clientOptions.describe(s);
        Attribution attribution = client.attribution();
        InboundConnector connector = attribution.connector();
        System.out.printf("Client %s%s: %s%n", clientOptions.clientIp, client.certificate() == null ? ""
                : " with certificate " + clientOptions.clientCertName, connector == null ? attribution.how()
                : "inbound connector '" + connector.name() + "' (" + connector.connectorType() + "): " + attribution.how());
        EmailAddress sender = from == null || from.isEmpty() ? null : EmailAddress.parse(from);
        RelayRight relay;
        switch (InboundPolicy.onMail(sender, client.facts(), s)) {
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
        Recipients r = recipients(relay, s);
        System.out.println();
        boolean refused = r.anyRefused();
        if (!r.accepted().isEmpty()) {
            refused |= plan(sender, r.accepted(), client, s) != 0;
        }
        if (!r.refusedButRoutable().isEmpty()) {
            // The refusal stands (and the exit code); the route is what an administrator asks next.
            System.out.println();
            System.out.println("=== If it were accepted (it is not: " + String.join(", ", r.refusedButRoutable().stream()
                    .map(EmailAddress::toString).toList()) + " refused at RCPT above; nothing below would happen) ===");
            plan(sender, r.refusedButRoutable(), client, s);
        }
        return refused ? 1 : 0;
    }

    /** Each --to as the RCPT decision takes it, printed. */
    private Recipients recipients(RelayRight relay, ConfigSnapshot s) {
        List<EmailAddress> accepted = new ArrayList<>();
        List<EmailAddress> routable = new ArrayList<>();
        boolean refused = false;
        for (String recipient : to) {
            String path = recipient.startsWith("<") ? recipient : "<" + recipient + ">";
            CommandParser.Result parsed = CommandParser.parse("RCPT TO:" + path);
            if (!(parsed instanceof CommandParser.Result.Ok ok)) {
                System.out.println("RCPT TO:" + path + ": refused as bad syntax: " + ((CommandParser.Result.Error) parsed).reply().text());
                refused = true;
                continue;
            }
            SmtpPath rcpt = ((SmtpCommand.Rcpt) ok.command()).path();
            switch (RecipientAcceptance.decide(rcpt, relay, s)) {
                case RecipientAcceptance.Decision.Reject r -> {
                    System.out.println("RCPT TO:" + path + ": refused with " + r.reply().text());
                    System.out.println("    because " + r.reason());
                    refused = true;
                    if (!rcpt.isNull() && !rcpt.isSenderRouted()) {
                        routable.add(rcpt.address()); // sender-routed addresses are never taken by anyone
                    }
                }
                case RecipientAcceptance.Decision.Accept a -> {
                    accepted.add(a.address());
                    System.out.println("RCPT TO:" + path + ": accepted (250 2.1.5) because " + a.reason());
                }
            }
        }
        return new Recipients(accepted, routable, refused);
    }

    /** The same decision live mail gets at the end of DATA: directory, mail flow rules, routes (MessagePlanner). */
    private int plan(EmailAddress sender, List<EmailAddress> recipients, ClientOptions.Client client, ConfigSnapshot s)
            throws java.io.IOException {
        byte[] content = message != null ? PlanPrinter.readMessage(message)
                : PlanPrinter.defaultMessage(from, recipients, subject);
        var envelope = new Envelope(sender, false, null, null, null,
                recipients.stream().map(a -> new Envelope.Recipient(a, null, null)).toList());
        var plan = MessagePlanner.plan(envelope, client.pipelineFacts(), MessageContent.ofBytes(content), s,
                java.time.Instant.now(), true);
        return PlanPrinter.print(plan, s, false);
    }
}
