package io.mailflow.trace;

import java.util.List;

/**
 * One event in a message's trace. Names follow Exchange's message-tracking events where one
 * exists (RECEIVE, RESOLVE, DELIVER, DEFER, FAIL, SEND, DSN, TRANSFER, EXPAND).
 */
public sealed interface TraceEvent {

    /** The event name as the trace shows it. */
    String name();

    /** The recipient this event concerns, or null when it concerns the whole message. */
    String recipient();

    /** The message was received and committed to the queue (the 250 was given). */
    record Receive(String clientIp, String helo, String listener, String tls, String inboundConnector, String sender,
            List<String> recipients, long size, String messageId) implements TraceEvent {
        public String name() {
            return "RECEIVE";
        }

        public String recipient() {
            return null;
        }
    }

    /** A recipient address was resolved to the mailbox it belongs to (a proxy address was used). */
    record Resolve(String recipient, String resolvedTo) implements TraceEvent {
        public String name() {
            return "RESOLVE";
        }
    }

    /** Routing chose a next hop for the recipient. */
    record Route(String recipient, String nextHop, String reason) implements TraceEvent {
        public String name() {
            return "ROUTE";
        }
    }

    /** The recipient stays queued without an attempt, and why. */
    record Pending(String recipient, String nextHop, String reason) implements TraceEvent {
        public String name() {
            return "PENDING";
        }
    }

    /** The message was delivered into the recipient's mailbox. */
    record Deliver(String recipient, String mailbox, String location) implements TraceEvent {
        public String name() {
            return "DELIVER";
        }
    }

    /** An attempt failed temporarily; another follows. */
    record Defer(String recipient, String reason, String nextAttempt) implements TraceEvent {
        public String name() {
            return "DEFER";
        }
    }

    /** Delivery failed for good. */
    record Fail(String recipient, String reason) implements TraceEvent {
        public String name() {
            return "FAIL";
        }
    }

    /** An administrator acted on the queue (retry, delete). */
    record Admin(String recipient, String action) implements TraceEvent {
        public String name() {
            return "ADMIN";
        }
    }
}
