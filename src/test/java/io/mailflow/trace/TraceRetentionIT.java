package io.mailflow.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.store.TraceQuery;
import io.mailflow.testing.ManualClock;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway with {@code messageTraceRetention: 1m}: a delivered message's trace is gone a minute later, a queued one's stays. */
class TraceRetentionIT {

    @TempDir
    Path dir;

    @Test
    void traceShouldBeGoneAfterOneMinuteForDeliveredMailAndKeptForQueuedMail() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestGateway gateway = TestGateway.start(dir, clock, "", TestGateway.DIRECTORY + TestGateway.UNREACHABLE_CONNECTOR + """
                transport:
                  messageTraceRetention: 1m
                """)) {
            try (SmtpTestClient c = gateway.connect()) {
                c.reply();
                assertThat(c.sendMail("carol@example.com", List.of("alice@contoso.test"), "Subject: delivered\r\n\r\nx\r\n"))
                        .startsWith("250");
                assertThat(c.sendMailAfterHelo("carol@example.com", List.of("dave@fabrikam.test"), "Subject: waiting\r\n\r\ny\r\n"))
                        .startsWith("250");
            }
            gateway.awaitTrace("alice@contoso.test", "RECEIVE", "DELIVER");
            // the delivered message has left the queue (its removal is in the store's writer queue)
            await().atMost(Duration.ofSeconds(15)).until(() -> gateway.gateway().queue().list().size() == 1);
            gateway.gateway().store().flush();
            TraceRetention retention = gateway.gateway().traceRetention();

            clock.advance(Duration.ofSeconds(59));
            assertThat(retention.pruneNow()).as("not a minute old yet").isZero();
            clock.advance(Duration.ofSeconds(2));
            assertThat(retention.pruneNow()).isEqualTo(1);

            assertThat(gateway.gateway().store().trace(new TraceQuery(null, "carol@example.com", null, null, 10)))
                    .singleElement().satisfies(m -> assertThat(m.subject()).as("still queued: kept").isEqualTo("waiting"));
            assertThat(gateway.gateway().store().trace(new TraceQuery("alice@contoso.test", null, null, null, 10))).isEmpty();
            assertThat(gateway.gateway().metrics().scrape()).contains("mailflow_trace_pruned_messages_total 1.0")
                    .containsPattern("mailflow_trace_pruned_rows_total [1-9]");
        }
    }
}
