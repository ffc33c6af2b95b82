package io.mailflow.queue;

import io.mailflow.message.MessageContent;
import io.mailflow.store.StoredMessage;
import io.mailflow.store.StoredRecipient;
import io.mailflow.trace.TraceEvent;
import java.util.List;

/** A message the pipeline hands to the queue: envelope, content, routed recipients, first events. */
public record IncomingMessage(StoredMessage message, MessageContent content, List<StoredRecipient> recipients,
        List<TraceEvent> events) {

    public IncomingMessage {
        recipients = List.copyOf(recipients);
        events = List.copyOf(events);
    }
}
