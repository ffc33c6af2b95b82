package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mailflow.JsonLogEncoder;
import io.mailflow.testing.ManualClock;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Refusals in the gateway's log: one line each, with the client, envelope and reply, and a bounded number in a flood. */
class RefusalLogIT {

    @TempDir
    static Path dir;
    static final ManualClock clock = new ManualClock();
    static final ListAppender<ILoggingEvent> log = new ListAppender<>();
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        log.start();
        ((Logger) LoggerFactory.getLogger(RefusalLog.class)).addAppender(log);
        gateway = TestGateway.start(dir, clock, """
                  limits:
                    maxRejectedRecipients: 5000
                """, TestGateway.DIRECTORY);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        ((Logger) LoggerFactory.getLogger(RefusalLog.class)).detachAppender(log);
    }

    @Test
    void relayDeniedAndUnknownRecipientShouldEachLogOneLineWithTheirFields() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.4", "127.0.0.1", gateway.smtpPort())) {
            c.reply();
            c.command("EHLO client.example");
            c.command("MAIL FROM:<sender@example.com>");
            assertThat(c.command("RCPT TO:<someone@external.example>")).startsWith("550 5.7.64");
            assertThat(c.command("RCPT TO:<nobody@contoso.test>")).startsWith("550 5.4.1");
        }
        List<ILoggingEvent> lines = await().until(() -> from("127.0.0.4"), l -> l.size() == 2);
        assertThat(lines.getFirst().getFormattedMessage()).isEqualTo("NOQUEUE: reject: RCPT from unknown[127.0.0.4]: "
                + "550 5.7.64 TenantAttribution; Relay Access Denied; from=<sender@example.com> to=<someone@external.example>"
                + " proto=ESMTP helo=<client.example>");
        assertThat(fields(lines.getFirst())).containsEntry("event", "reject").containsEntry("client", "127.0.0.4")
                .containsEntry("listener", "Default Frontend").containsEntry("command", "RCPT").containsEntry("helo", "client.example")
                .containsEntry("proto", "ESMTP").containsEntry("from", "sender@example.com").containsEntry("to", "someone@external.example")
                .containsEntry("code", 550).containsEntry("dsn", "5.7.64").containsEntry("reply", "TenantAttribution; Relay Access Denied");
        assertThat(fields(lines.get(1))).containsEntry("to", "nobody@contoso.test").containsEntry("code", 550)
                .containsEntry("dsn", "5.4.1").containsEntry("reply", "Recipient address rejected: Access denied");
        String json = new String(new JsonLogEncoder().encode(lines.get(1)), StandardCharsets.UTF_8);
        assertThat(json).as("logging.format json: the fields are JSON members").contains("\"to\":\"nobody@contoso.test\"")
                .contains("\"code\":550").contains("\"dsn\":\"5.4.1\"");
    }

    @Test
    void aThousandRefusalsShouldLogABoundedNumberOfLinesAndOneSummary() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.3", "127.0.0.1", gateway.smtpPort())) {
            c.reply();
            c.command("EHLO flood.example");
            c.command("MAIL FROM:<sender@example.com>");
            StringBuilder pipelined = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                pipelined.append("RCPT TO:<nobody").append(i).append("@contoso.test>\r\n");
            }
            c.send(pipelined.toString());
            for (int i = 0; i < 1000; i++) {
                assertThat(c.reply()).startsWith("550 5.4.1");
            }
        }
        assertThat(from("127.0.0.3")).as("the client's budget for the minute").hasSize(RefusalLog.PER_CLIENT)
                .allMatch(e -> fields(e).get("event").equals("reject"));
        clock.advance(RefusalLog.WINDOW);
        ILoggingEvent summary = await().atMost(Duration.ofSeconds(5))
                .until(() -> from("127.0.0.3").stream().filter(e -> "reject_summary".equals(fields(e).get("event"))).findFirst(),
                        java.util.Optional::isPresent).orElseThrow();
        assertThat(summary.getFormattedMessage()).startsWith("NOQUEUE: 980 further refusals from unknown[127.0.0.3] not logged");
        assertThat(fields(summary)).containsEntry("suppressed", 980);
        assertThat(from("127.0.0.3")).hasSize(RefusalLog.PER_CLIENT + 1);
    }

    private static List<ILoggingEvent> from(String client) {
        synchronized (log) { // the appender adds under its own lock
            return log.list.stream().filter(e -> client.equals(fields(e).get("client"))).toList();
        }
    }

    private static Map<String, Object> fields(ILoggingEvent e) {
        Map<String, Object> m = new HashMap<>();
        if (e.getKeyValuePairs() != null) {
            e.getKeyValuePairs().forEach(kv -> m.put(kv.key, kv.value));
        }
        return m;
    }
}
