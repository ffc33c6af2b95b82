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
        List<EmailAddress> accepted = new ArrayList<>();
        boolean refused = false;
        for (String recipient : to) {
            String path = recipient.startsWith("<") ? recipient : "<" + recipient + ">";
            CommandParser.Result parsed = CommandParser.parse("RCPT TO:" + path);
            if (!(parsed instanceof CommandParser.Result.Ok ok)) {
                System.out.println("RCPT TO:" + path + ": refused as bad syntax: " + ((CommandParser.Result.Error) parsed).reply().text());
                refused = true;
                continue;
            }
            switch (RecipientAcceptance.decide(((SmtpCommand.Rcpt) ok.command()).path(), relay, s)) {
                case RecipientAcceptance.Decision.Reject r -> {
                    System.out.println("RCPT TO:" + path + ": refused with " + r.reply().text());
                    System.out.println("    because " + r.reason());
                    refused = true;
                }
                case RecipientAcceptance.Decision.Accept a -> {
                    accepted.add(a.address());
                    System.out.println("RCPT TO:" + path + ": accepted (250 2.1.5) because " + a.reason());
                }
            }
        }
        System.out.println();
        if (accepted.isEmpty()) {
            return 1;
        }
        // The same decision live mail gets: directory, mail flow rules, routes (MessagePlanner).
        byte[] content = message != null ? PlanPrinter.readMessage(message)
                : PlanPrinter.defaultMessage(from, accepted, subject);
        var envelope = new Envelope(sender, false, null, null, null,
                accepted.stream().map(a -> new Envelope.Recipient(a, null, null)).toList());
        var plan = MessagePlanner.plan(envelope, client.pipelineFacts(), MessageContent.ofBytes(content), s,
                java.time.Instant.now(), true);
        return PlanPrinter.print(plan, s, false) != 0 || refused ? 1 : 0;
    }
}
