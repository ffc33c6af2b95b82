package io.mailflow.queue;

import io.mailflow.message.MessageContent;
import io.mailflow.store.StoredMessage;
import java.util.List;

/**
 * One delivery attempt: the recipients of one message that share a next hop.
 *
 * @param message the message's envelope facts
 * @param nextHop the next hop's key
 * @param recipients the recipients to deliver in this attempt
 * @param content the message content
 * @param repeated true when an earlier attempt may have reached the next hop (a retry, or a
 *        message recovered after a restart), so the agent must not deliver a second copy
 */
public record Delivery(StoredMessage message, String nextHop, List<DeliveryRecipient> recipients,
        MessageContent content, boolean repeated) {

    public Delivery {
        recipients = List.copyOf(recipients);
    }
}
