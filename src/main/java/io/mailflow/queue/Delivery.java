package io.mailflow.queue;

import io.mailflow.store.MessageContent;
import io.mailflow.store.StoredMessage;
import java.util.List;

/**
 * One delivery attempt: the recipients of one message that share a next hop.
 *
 * @param message the message's envelope facts
 * @param nextHop the next hop's key
 * @param recipients the recipients to deliver in this attempt
 * @param content the message content
 */
public record Delivery(StoredMessage message, String nextHop, List<DeliveryRecipient> recipients,
        MessageContent content) {

    public Delivery {
        recipients = List.copyOf(recipients);
    }
}
