package io.mailflow.trace;

import java.util.List;

/**
 * One event in a message's trace. Names follow Exchange's message-tracking events where one
 * exists (RECEIVE, RESOLVE, EXPAND, REDIRECT, RULE, DELIVER, DEFER, FAIL, SEND, DSN, TRANSFER).
 */
public sealed interface TraceEvent {

    /** The event name as the trace shows it. */
    String name();

    /** The recipient this event concerns, or null when it concerns the whole message. */
    String recipient();

    /**
     * The message was received and committed to the queue (the 250 was given).
     *
     * @param inboundConnector the connector the session was attributed to, and how
     * @param authenticatedUser the mailbox that logged in with SMTP AUTH, or null
     */
    record Receive(String clientIp, String helo, String listener, String tls, String inboundConnector,
            String authenticatedUser, String sender, List<String> recipients, long size, String messageId) implements TraceEvent {
        public String name() {
            return "RECEIVE";
        }

        public String recipient() {
            return null;
        }
    }

    /**
     * A recipient address was resolved to the mailbox it belongs to (a proxy address was used), or
     * postmaster@ an accepted domain to the postmaster recipient.
     */
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

    /**
     * The message was handed to a next hop over SMTP.
     *
     * @param connector the outbound connector, or null for plain MX delivery
     * @param host the host as configured or found in DNS ({@code host:port})
     * @param ip the address connected to
     * @param tls TLS version and cipher, or "none"
     * @param reply the next hop's reply to the end of data
     * @param failover the hosts tried before in the same attempt and why they were passed over, or null (S10)
     */
    record Send(String recipient, String connector, String host, String ip, String tls, String reply, String failover)
            implements TraceEvent {
        public String name() {
            return "SEND";
        }
    }

    /** Recipients of one message were split over several next hops (bifurcation): one delivery each. */
    record Transfer(String recipient, java.util.List<String> nextHops) implements TraceEvent {
        public String name() {
            return "TRANSFER";
        }
    }

    /**
     * A delivery status notification about this message was queued for its sender.
     *
     * @param action failed, delayed, delivered or relayed
     * @param recipients the recipients it reports on
     * @param dsnQueueId the queue id of the notification message
     */
    record Dsn(String recipient, String action, java.util.List<String> recipients, String dsnQueueId) implements TraceEvent {
        public String name() {
            return "DSN";
        }
    }

    /** The recipient's route changed since it was queued (configuration change). */
    record Reroute(String recipient, String from, String to) implements TraceEvent {
        public String name() {
            return "REROUTE";
        }
    }

    /** A distribution group was expanded into its members (once per message; loops cut). */
    record Expand(String recipient, String group, List<String> members) implements TraceEvent {
        public String name() {
            return "EXPAND";
        }
    }

    /** A mail user or mail contact's address was replaced by where its mail really goes. */
    record Redirect(String recipient, String to, String because) implements TraceEvent {
        public String name() {
            return "REDIRECT";
        }
    }

    /**
     * A mail flow rule matched the message (or some of its recipients).
     *
     * @param rule the rule's name
     * @param mode Enforce (the actions were taken), Audit or AuditAndNotify (only recorded here)
     * @param actions the rule's actions
     * @param recipients the recipients it applied to
     */
    record Rule(String rule, String mode, List<String> actions, List<String> recipients) implements TraceEvent {
        public String name() {
            return "RULE";
        }

        public String recipient() {
            return null;
        }
    }

    /** The message was delivered into the recipient's mailbox. */
    record Deliver(String recipient, String mailbox, String location) implements TraceEvent {
        public String name() {
            return "DELIVER";
        }
    }

    /** An attempt failed temporarily; another follows. {@code remoteMta} is the host that answered, if any. */
    record Defer(String recipient, String reason, String remoteMta, String nextAttempt) implements TraceEvent {
        public String name() {
            return "DEFER";
        }
    }

    /** Delivery failed for good. {@code remoteMta} is the host that answered, if any. */
    record Fail(String recipient, String reason, String remoteMta) implements TraceEvent {
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
