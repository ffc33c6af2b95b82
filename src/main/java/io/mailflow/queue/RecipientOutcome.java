package io.mailflow.queue;

import io.mailflow.trace.TraceEvent;

/** What became of one recipient in a delivery attempt. */
public sealed interface RecipientOutcome {

    /** The recipient's index in its message. */
    int index();

    /** The event the trace records for this attempt, or null. */
    TraceEvent event();

    /** Delivered: final. */
    record Delivered(int index, TraceEvent event) implements RecipientOutcome {
    }

    /** A temporary failure: the queue retries later. */
    record Deferred(int index, String reason, TraceEvent event) implements RecipientOutcome {
    }

    /** A permanent failure: final. */
    record Failed(int index, String reason, TraceEvent event) implements RecipientOutcome {
    }
}
