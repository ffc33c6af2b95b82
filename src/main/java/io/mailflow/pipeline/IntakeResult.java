package io.mailflow.pipeline;

import io.mailflow.smtp.Reply;

/** How end-of-data processing ended. */
public sealed interface IntakeResult {

    /** Durably queued under this id: the session answers 250. */
    record Accepted(String queueId) implements IntakeResult {
    }

    /** Refused with this reply (a loop, a storage failure, ...). */
    record Rejected(Reply reply, String reason) implements IntakeResult {
    }
}
