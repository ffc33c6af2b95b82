package io.mailflow.receive;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.message.MessageContent;
import io.mailflow.model.ConnectorType;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.InboundConnector;
import io.mailflow.model.IpRange;
import io.mailflow.pipeline.ClientFacts;
import io.mailflow.pipeline.Envelope;
import io.mailflow.pipeline.MessagePlanner;
import io.mailflow.smtp.CommandParser;
import io.mailflow.smtp.SmtpCommand;
import io.mailflow.smtp.SmtpPath;
import io.mailflow.tls.ClientCertificate;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the gateway would do with a message and why ({@code mailflow explain}, {@code POST
 * /api/v1/explain}): the same functions live mail goes through, in the same order (inbound
 * attribution and policy at MAIL, RCPT acceptance, then {@link MessagePlanner#plan}), so the
 * explanation is the decision. Pure apart from the time the caller gives.
 */
public final class Explanation {

    /**
     * A connecting client as the receiving session would see it.
     *
     * @param certificateName the DNS name of a trusted client certificate, or null (implies TLS)
     * @param authenticatedUser the mailbox it logged in as with SMTP AUTH, or null (implies TLS)
     */
    public record Client(String ip, String certificateName, boolean tls, String authenticatedUser) {
    }

    /** The client as the decisions take it. */
    public record DescribedClient(InetAddress ip, ClientCertificate certificate, Attribution attribution,
            InboundPolicy.Facts facts, ClientFacts pipelineFacts) {
    }

    /** One RCPT: accepted, or refused with its reply. */
    public record RecipientStep(String given, boolean accepted, String reply, String reason) {
    }

    /**
     * The whole decision.
     *
     * @param mail the decision at MAIL FROM
     * @param recipients each RCPT in the order given
     * @param plan what happens at the end of DATA to the accepted recipients, or null when none was
     * @param refusedPlan where refused (but routable) recipients would have gone, or null
     */
    public record Result(DescribedClient client, InboundPolicy.Decision mail, List<RecipientStep> recipients,
            MessagePlanner.Plan plan, MessagePlanner.Plan refusedPlan) {
    }

    private Explanation() {
    }

    /** A short message for the rules when the administrator gave none. */
    public static byte[] defaultMessage(String from, List<EmailAddress> to, String subject) {
        String text = "From: " + (from == null || from.isEmpty() ? "<>" : from) + "\r\n"
                + "To: " + String.join(", ", to.stream().map(EmailAddress::toString).toList()) + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "Message-ID: <explain@mailflow>\r\n"
                + "\r\n"
                + "(a message made up by explain; give --message FILE.eml to test a real one)\r\n";
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A message as an administrator gives it (a file, a JSON text): lines often end in LF alone. */
    public static byte[] crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static DescribedClient describe(Client client, ConfigSnapshot s) {
        InetAddress ip = IpRange.literal(client.ip());
        ClientCertificate cert = client.certificateName() == null ? null
                : new ClientCertificate(List.of(client.certificateName().toLowerCase(Locale.ROOT)), true, null);
        Attribution attribution = Attribution.of(s, ip, cert);
        InboundConnector c = attribution.connector();
        boolean onPremises = c != null && c.connectorType() == ConnectorType.OnPremises;
        String user = client.authenticatedUser();
        boolean encrypted = client.tls() || cert != null || user != null;
        var facts = new InboundPolicy.Facts(ip, encrypted, true, attribution, user);
        boolean internal = user != null || onPremises && c.treatMessagesAsInternal();
        ClientFacts pipeline = new ClientFacts(client.ip(), "explain", true, user != null ? "Client Submission"
                : "Default Frontend", encrypted ? "TLSv1.3" : null, encrypted ? "(explain)" : null, c == null ? null : c.name(),
                onPremises, user, internal);
        return new DescribedClient(ip, cert, attribution, facts, pipeline);
    }

    /**
     * @param sender the envelope sender, or null for the null sender
     * @param message the message the rules see, CRLF line ends
     */
    public static Result explain(Client client, EmailAddress sender, List<String> recipients, byte[] message, ConfigSnapshot s,
            Instant now) {
        DescribedClient described = describe(client, s);
        InboundPolicy.Decision mail = InboundPolicy.onMail(sender, described.facts(), s);
        if (!(mail instanceof InboundPolicy.Decision.Allow allow)) {
            return new Result(described, mail, List.of(), null, null);
        }
        List<RecipientStep> steps = new ArrayList<>();
        List<EmailAddress> accepted = new ArrayList<>();
        List<EmailAddress> routable = new ArrayList<>();
        for (String given : recipients) {
            String path = given.startsWith("<") ? given : "<" + given + ">";
            CommandParser.Result parsed = CommandParser.parse("RCPT TO:" + path);
            if (!(parsed instanceof CommandParser.Result.Ok ok)) {
                steps.add(new RecipientStep(given, false, ((CommandParser.Result.Error) parsed).reply().text(), "bad syntax"));
                continue;
            }
            SmtpPath rcpt = ((SmtpCommand.Rcpt) ok.command()).path();
            switch (RecipientAcceptance.decide(rcpt, allow.relay(), s)) {
                case RecipientAcceptance.Decision.Reject r -> {
                    steps.add(new RecipientStep(given, false, r.reply().text(), r.reason()));
                    if (!rcpt.isNull() && !rcpt.isSenderRouted()) {
                        routable.add(rcpt.address()); // sender-routed addresses are never taken by anyone
                    }
                }
                case RecipientAcceptance.Decision.Accept a -> {
                    accepted.add(a.address());
                    steps.add(new RecipientStep(given, true, io.mailflow.smtp.SmtpReplies.RECIPIENT_OK.text(), a.reason()));
                }
            }
        }
        return new Result(described, mail, steps, plan(sender, accepted, described, message, s, now),
                plan(sender, routable, described, message, s, now));
    }

    private static MessagePlanner.Plan plan(EmailAddress sender, List<EmailAddress> recipients, DescribedClient client,
            byte[] message, ConfigSnapshot s, Instant now) {
        if (recipients.isEmpty()) {
            return null;
        }
        var envelope = new Envelope(sender, false, null, null, null,
                recipients.stream().map(a -> new Envelope.Recipient(a, null, null)).toList());
        return MessagePlanner.plan(envelope, client.pipelineFacts(), MessageContent.ofBytes(message), s, now, true);
    }
}
