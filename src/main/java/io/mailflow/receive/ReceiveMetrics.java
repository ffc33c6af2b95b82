package io.mailflow.receive;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The SMTP server's counters, registered once per gateway. */
final class ReceiveMetrics {

    private final MeterRegistry registry;
    final Counter accepted;
    final Counter bytes;
    private final Counter authFailures;
    private final Map<String, Counter> rejectedMessages = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejectedRecipients = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusedConnections = new ConcurrentHashMap<>();
    private final Map<String, Counter> cutOff = new ConcurrentHashMap<>();

    ReceiveMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("mailflow_messages_accepted_total").description("Messages queued with 250")
                .register(registry);
        this.bytes = Counter.builder("mailflow_received_bytes_total").description("Octets of accepted messages")
                .register(registry);
        this.authFailures = Counter.builder("mailflow_auth_failures_total").description("Failed SMTP AUTH attempts")
                .register(registry);
    }

    void messageRejected(String reason) {
        rejectedMessages.computeIfAbsent(reason, r -> Counter.builder("mailflow_messages_rejected_total")
                .tag("reason", r).description("Messages refused at end of data").register(registry)).increment();
    }

    void recipientRejected(String reason) {
        rejectedRecipients.computeIfAbsent(reason, r -> Counter.builder("mailflow_recipients_rejected_total")
                .tag("reason", r).description("Recipients refused at RCPT").register(registry)).increment();
    }

    void authFailure() {
        authFailures.increment();
    }

    /** A connection closed without a reply: the client read none (write_timeout) or outlived its lifetime (connection_timeout). */
    void connectionCutOff(String reason) {
        cutOff.computeIfAbsent(reason, r -> Counter.builder("mailflow_smtp_connections_cut_off_total")
                .tag("reason", r).description("Connections closed by a timeout while the client could not be told").register(registry))
                .increment();
    }

    void connectionRefused(String reason) {
        refusedConnections.computeIfAbsent(reason, r -> Counter.builder("mailflow_smtp_connections_refused_total")
                .tag("reason", r).description("Connections refused by a limit").register(registry)).increment();
    }
}
