package io.mailflow.receive;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.AcceptedDomain;
import io.mailflow.model.DomainType;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.Recipient;
import io.mailflow.smtp.Reply;
import io.mailflow.smtp.SmtpPath;
import io.mailflow.smtp.SmtpReplies;
import java.util.Optional;

/**
 * Decides at RCPT time whether a recipient is accepted, consulting the directory (mailboxes, mail
 * users, contacts, groups), the accepted domains and the client's relay right. Pure: the same
 * answer for the same recipient, client and configuration.
 */
public final class RecipientAcceptance {

    /** The outcome for one recipient. */
    public sealed interface Decision {
        /** Accepted; {@code reason} says why, for logs and explain. */
        record Accept(EmailAddress address, String reason) implements Decision {
        }

        /** Refused with this reply. */
        record Reject(Reply reply, String reason) implements Decision {
        }
    }

    private RecipientAcceptance() {
    }

    /**
     * @param path the RCPT path ({@link SmtpPath#isNull()} for the bare {@code <Postmaster>})
     * @param relay whether the client may send to any domain
     */
    public static Decision decide(SmtpPath path, RelayRight relay, ConfigSnapshot config) {
        EmailAddress address = path.isNull() ? postmaster(config) : path.address();
        if (address == null) {
            return new Decision.Reject(SmtpReplies.UNKNOWN_RECIPIENT, "no accepted domain for <postmaster>");
        }
        if (path.isSenderRouted()) {
            return new Decision.Reject(SmtpReplies.RELAY_DENIED,
                    "sender-specified routing (source route, %, ! or quoted @) is never relayed");
        }
        String relayBy = relay.allowed() ? " (relay right: " + relay.why() + ")" : "";
        if (EmailAddress.isAddressLiteral(address.domain())) {
            return relay.allowed() ? new Decision.Accept(address, "address literal" + relayBy)
                    : new Decision.Reject(SmtpReplies.RELAY_DENIED, "address literal without a relay right");
        }
        Optional<Recipient> known = config.recipient(address);
        if (known.isPresent()) {
            return new Decision.Accept(address, address + " is " + known.get().describe());
        }
        // RFC 5321 §4.5.1: postmaster of every domain we accept MUST be accepted (a directory object with the address wins, above).
        Optional<EmailAddress> postmaster = config.postmasterRecipient();
        if (postmaster.isPresent() && config.isUnownedPostmaster(address)) {
            boolean configured = config.configuration().transport().postmasterRecipient() != null;
            return new Decision.Accept(address, address + " is the postmaster of accepted domain " + address.domain()
                    + " (RFC 5321 §4.5.1); it goes to " + postmaster.get() + (configured ? " (transport.postmasterRecipient)"
                            : " (the first mailbox: transport.postmasterRecipient is not set)"));
        }
        Optional<AcceptedDomain> domain = config.acceptedDomain(address.domain());
        if (domain.isEmpty()) {
            return relay.allowed() ? new Decision.Accept(address, address.domain() + " is not accepted; relayed" + relayBy)
                    : new Decision.Reject(SmtpReplies.RELAY_DENIED,
                            address.domain() + " is not an accepted domain and " + relay.why());
        }
        if (domain.get().domainType() == DomainType.InternalRelay) {
            return new Decision.Accept(address, address.domain() + " is in the InternalRelay accepted domain "
                    + domain.get().domainName() + (domain.get().domainName().equals(address.domain()) ? "" : " (matchSubDomains)"));
        }
        return new Decision.Reject(SmtpReplies.UNKNOWN_RECIPIENT,
                "no such recipient in Authoritative domain " + address.domain() + " (directory-based edge blocking)");
    }

    /** RFC 5321 §4.1.1.3: the bare {@code <Postmaster>} is the postmaster of our first accepted domain. */
    private static EmailAddress postmaster(ConfigSnapshot config) {
        return config.defaultDomain().map(d -> new EmailAddress("postmaster", d)).orElse(null);
    }
}
