package io.mailflow.store;

import io.mailflow.message.ContentSpool;
import io.mailflow.message.MessageContent;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage for the queue and the message trace. Implementations must make
 * {@link #accept} durable before returning and keep every other write in order after it.
 */
public interface MailStore extends AutoCloseable {

    /**
     * Stores a newly received message, its recipients and its first trace events. Returns only
     * once all of it is on disk; throws when it is not, and then nothing of it is stored.
     */
    void accept(StoredMessage message, MessageContent content, List<StoredRecipient> recipients,
            List<TraceRecord> events) throws StoreException;

    /** One message for {@link #acceptAll}. */
    record NewMessage(StoredMessage message, MessageContent content, List<StoredRecipient> recipients, List<TraceRecord> events) {
    }

    /**
     * Stores several newly received messages (the copies of one message that mail flow rules
     * split) in one durable commit: all of them, or none.
     */
    void acceptAll(List<NewMessage> messages) throws StoreException;

    /**
     * Records recipient changes and trace events; when {@code removeMessage} is set, the message's
     * content and recipients are removed (every recipient is final). Written in order after earlier
     * calls; made durable with the next durable commit, so a crash may repeat a delivery but never
     * lose a message.
     */
    void update(List<RecipientUpdate> updates, List<TraceRecord> events, String removeMessage);

    /** Appends trace events that concern no recipient change. */
    default void trace(List<TraceRecord> events) {
        update(List.of(), events, null);
    }

    /**
     * Where sessions write the content of messages while they arrive, so that {@link #accept}
     * finds it in place and need not copy it.
     */
    ContentSpool spool();

    /** Every message that still has a recipient in state QUEUED, oldest first. */
    List<QueuedEntry> queued() throws StoreException;

    /** One queued message, if it is still in the queue. */
    Optional<QueuedEntry> queued(String queueId) throws StoreException;

    /** The content of a queued message. */
    MessageContent content(String queueId) throws StoreException;

    /** Messages matching the query, newest first, each with its events. */
    List<TracedMessage> trace(TraceQuery query) throws StoreException;

    /** One message's trace by its queue id, if the trace still holds it. */
    Optional<TracedMessage> traceOf(String queueId) throws StoreException;

    /**
     * What one {@link #pruneTrace} removed.
     *
     * @param messages messages whose trace is gone
     * @param rows rows removed in all (summaries, recipients, events)
     */
    record Pruned(int messages, int rows) {
    }

    /**
     * Removes the trace (summary, recipients, events) of at most {@code maxMessages} messages
     * received before {@code receivedBefore}, oldest first, except messages still in the queue:
     * their trace is kept until they leave it. Runs among the other writes, in order, as one
     * small transaction, so a caller prunes a large backlog batch by batch without holding the
     * writer; not durable on its own (a crash may bring rows back, to be pruned again). Fewer
     * than {@code maxMessages} removed means nothing older is left.
     */
    Pruned pruneTrace(java.time.Instant receivedBefore, int maxMessages) throws StoreException;

    /** Waits until every write handed over so far is durable. */
    void flush() throws StoreException;

    @Override
    void close();
}
