package io.mailflow.receive;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.ConnectorType;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.InboundConnector;
import io.mailflow.smtp.Reply;
import io.mailflow.smtp.SmtpReplies;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * The inbound connectors' rules at MAIL FROM (exchange-mailflow.md §2.2). Pure: the same answer
 * for the same facts and configuration, as explain shows it.
 */
public final class InboundPolicy {

    /** The facts about a session that the rules look at. */
    public record Facts(InetAddress client, boolean tls, boolean startTlsOffered, Attribution attribution,
            String authenticatedUser) {
    }

    /** What MAIL FROM may do: refused, or allowed with (or without) a relay right. */
    public sealed interface Decision {
        record Allow(RelayRight relay) implements Decision {
        }

        record Refuse(Reply reply, String why) implements Decision {
        }
    }

    private InboundPolicy() {
    }

    /**
     * The session's own OnPremises connector's requireTls first, then Partner restrictions (a
     * restricting connector beats one that only allows), then the relay right.
     */
    public static Decision onMail(EmailAddress sender, Facts facts, ConfigSnapshot config) {
        Decision.Refuse plain = onPremisesTls(facts);
        if (plain != null) {
            return plain;
        }
        if (sender != null && facts.authenticatedUser() == null) {
            Decision.Refuse refused = partnerRestrictions(sender.domain(), facts, config);
            if (refused != null) {
                return refused;
            }
        }
        return new Decision.Allow(relayRight(sender, facts, config));
    }

    /**
     * An OnPremises connector with requireTls takes no mail in plain text, whatever the sender (the
     * null sender too). Only a session attributed by IP can be in plain text: a certificate is
     * only seen over TLS. The session is refused at MAIL, as Exchange refuses it, rather than kept
     * without the connector's relay right: that would take the on-premises servers' mail in plain
     * text as if from the internet, and hide the misconfiguration from the sending side, which now
     * sees the refusal in its queue. Before DATA, so no message text crossed in plain text.
     */
    private static Decision.Refuse onPremisesTls(Facts facts) {
        InboundConnector c = facts.attribution().connector();
        if (c == null || !c.onPremisesRequiresTls() || facts.tls()) {
            return null;
        }
        return new Decision.Refuse(facts.startTlsOffered() ? SmtpReplies.MUST_STARTTLS : SmtpReplies.PARTNER_RESTRICTED,
                "OnPremises connector '" + c.name() + "' (" + facts.attribution().how() + ") requires TLS and the session is"
                        + " in plain text");
    }

    /**
     * Mail from a domain that a restricting Partner connector covers must meet the restrictions of
     * at least one such connector (separate connectors for IPs and certificates, as Microsoft
     * advises, each offer a way in).
     */
    private static Decision.Refuse partnerRestrictions(String domain, Facts facts, ConfigSnapshot config) {
        List<InboundConnector> restricting = config.configuration().inboundConnectors().stream()
                .filter(InboundConnector::isEnabled).filter(InboundConnector::restricts)
                .filter(c -> c.coversSenderDomain(domain)).toList();
        String why = null;
        for (InboundConnector c : restricting) {
            String broken = broken(c, facts, config);
            if (broken == null) {
                return null;
            }
            why = "Partner connector '" + c.name() + "' covers " + domain + ": " + broken;
        }
        if (why == null) {
            return null;
        }
        boolean onlyTls = restricting.stream().allMatch(c -> "TLS is required".equals(broken(c, facts, config)));
        Reply reply = onlyTls && facts.startTlsOffered() ? SmtpReplies.MUST_STARTTLS : SmtpReplies.PARTNER_RESTRICTED;
        return new Decision.Refuse(reply, why);
    }

    /** The first restriction of the connector the session breaks, or null. */
    private static String broken(InboundConnector c, Facts facts, ConfigSnapshot config) {
        if (c.requireTls() && !facts.tls()) {
            return "TLS is required";
        }
        if (c.restrictDomainsToIPAddresses() && !config.inSenderRanges(c, facts.client())) {
            return "the client IP " + facts.client().getHostAddress() + " is not in its senderIPAddresses";
        }
        if (c.restrictDomainsToCertificate()) {
            var cert = facts.attribution().certificate();
            if (cert == null || !cert.matches(c.tlsSenderCertificateName())) {
                return "no trusted client certificate named " + c.tlsSenderCertificateName();
            }
        }
        return null;
    }

    /**
     * An authenticated user may relay; an OnPremises connector matched by IP or certificate may
     * relay when the certificate's domain or the MAIL FROM domain is an accepted domain, and the
     * null sender from it may relay non-delivery reports (Exchange's rule since 2023).
     */
    static RelayRight relayRight(EmailAddress sender, Facts facts, ConfigSnapshot config) {
        if (facts.authenticatedUser() != null) {
            return new RelayRight(true, "authenticated as " + facts.authenticatedUser());
        }
        InboundConnector c = facts.attribution().connector();
        if (c == null || c.connectorType() != ConnectorType.OnPremises) {
            return RelayRight.NONE;
        }
        String name = "OnPremises inbound connector '" + c.name() + "' (" + facts.attribution().how() + ")";
        if (facts.attribution().byCertificate() && facts.attribution().certificate().names().stream()
                .anyMatch(n -> config.acceptedDomain(n.startsWith("*.") ? n.substring(2) : n).isPresent()
                        || accepted(n, config))) {
            return new RelayRight(true, name + " and the certificate's domain is an accepted domain");
        }
        if (sender == null) {
            return new RelayRight(true, name + " and the null sender (a non-delivery report)");
        }
        if (config.acceptedDomain(sender.domain()).isPresent()) {
            return new RelayRight(true, name + " and the MAIL FROM domain " + sender.domain() + " is an accepted domain");
        }
        return new RelayRight(false, name + ", but neither the certificate's domain nor the MAIL FROM domain "
                + sender.domain() + " is an accepted domain");
    }

    /** A certificate for host.contoso.test speaks for contoso.test. */
    private static boolean accepted(String certName, ConfigSnapshot config) {
        String n = certName.toLowerCase(Locale.ROOT);
        for (int dot = n.indexOf('.'); dot >= 0; dot = n.indexOf('.', dot + 1)) {
            if (config.acceptedDomain(n.substring(dot + 1)).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
