package io.mailflow.rules;

import io.mailflow.message.MessageContent;
import java.net.InetAddress;
import java.util.List;

/**
 * Everything the rules look at for one message, after its recipients were resolved.
 *
 * @param envelopeSender the MAIL FROM sender, or null for the null sender
 * @param fromInOrganization the message comes from inside the organization (FromScope), as the
 *        pipeline decided it from the connection and the sender
 * @param clientIp the connecting client's address (SenderIpRanges)
 * @param recipients the resolved envelope recipients
 * @param content the message as received
 * @param directory answers for recipients that rules add
 * @param explain collect a reason for every condition evaluated (for explain and rules test)
 */
public record RuleInput(Party envelopeSender, boolean fromInOrganization, InetAddress clientIp, List<Recipient> recipients,
        MessageContent content, Directory directory, boolean explain) {

    /**
     * One envelope recipient with its DSN parameters.
     *
     * @param party the recipient
     * @param orcpt DSN ORCPT, or null
     * @param dsnNotify DSN NOTIFY, or null
     */
    public record Recipient(Party party, String orcpt, String dsnNotify) {
    }

    public RuleInput {
        recipients = List.copyOf(recipients);
    }
}
