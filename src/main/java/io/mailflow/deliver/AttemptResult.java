package io.mailflow.deliver;

import io.mailflow.queue.RecipientOutcome;
import java.util.List;

/** How trying one host ended. */
sealed interface AttemptResult {

    /** The host decided every recipient (delivered, deferred or failed): no other host is tried (S11). */
    record Decided(List<RecipientOutcome> outcomes) implements AttemptResult {
    }

    /**
     * The host could not take the message: try the next one (S10). {@code connectionLevel} marks a
     * failure to connect or talk at all, which puts a smart host on the down list.
     */
    record NextHost(String reason, boolean connectionLevel) implements AttemptResult {
    }

    /**
     * Opportunistic TLS failed in the handshake: connect to the same host again without STARTTLS
     * (S14); {@code reason} goes into the trace's TLS field of that delivery.
     */
    record RetryWithoutTls(String reason) implements AttemptResult {
    }
}
