package io.mailflow.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.SmtpSink;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway process with {@code logging.format: json} writes one JSON line per delivery outcome,
 * whatever delivered it, with the fields Postfix's log has: a SIEM reads {@code "status": "sent"}.
 */
class DeliveryLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The log's delivery lines, parsed: every line of the log must be a JSON object. */
    private static List<JsonNode> deliveryLines(GatewayProcess gateway) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : gateway.log().lines().toList()) {
            if (line.startsWith("{")) {
                JsonNode n = JSON.readTree(line);
                if (n.path("logger").asText().equals("io.mailflow.queue.OutcomeLog")) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    private static JsonNode lineFor(List<JsonNode> lines, String to) {
        List<JsonNode> found = lines.stream().filter(l -> l.path("to").asText().equals(to)).toList();
        assertThat(found).as("one line for %s", to).hasSize(1);
        return found.getFirst();
    }

    @Test
    void eachOutcomeShouldBeOneJsonLineWithPostfixsFieldsWhenLoggingFormatIsJson() throws Exception {
        int port = GatewayProcess.freePort();
        try (SmtpSink sink = SmtpSink.start(dir.resolve("sink"), GatewayProcess.freePort())) {
            Path config = TestGateway.writeConfig(dir, port, "", TestGateway.DIRECTORY + """
                    outboundConnectors:
                      - {name: Sink, connectorType: Partner, recipientDomains: [partner.example], useMxRecord: false,
                         smartHosts: ['127.0.0.1:%d']}
                      - {name: Nowhere, connectorType: Partner, recipientDomains: [nowhere.example], useMxRecord: false,
                         smartHosts: ['127.0.0.1:1']}
                    logging:
                      format: json
                    """.formatted(sink.port()));
            try (GatewayProcess gateway = GatewayProcess.start(config, port)) {
                try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.2", "127.0.0.1", port)) {
                    c.reply();
                    assertThat(c.sendMail("app@contoso.test", List.of("bob@partner.example", "eve@nowhere.example", "alice@contoso.test"),
                            "Message-ID: <log-1@contoso.test>\r\nSubject: logged\r\n\r\nx\r\n")).startsWith("250");
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> deliveryLines(gateway).size() >= 3);
                List<JsonNode> lines = deliveryLines(gateway);

                JsonNode sent = lineFor(lines, "bob@partner.example");
                assertThat(sent.path("status").asText()).isEqualTo("sent");
                assertThat(sent.path("level").asText()).isEqualTo("INFO");
                assertThat(sent.path("queueId").asText()).matches("[0-9A-Z]{14,}");
                assertThat(sent.path("messageId").asText()).isEqualTo("<log-1@contoso.test>");
                assertThat(sent.path("from").asText()).isEqualTo("app@contoso.test");
                assertThat(sent.path("nextHop").asText()).isEqualTo("connector:Sink");
                assertThat(sent.path("host").asText()).isEqualTo("127.0.0.1:" + sink.port());
                assertThat(sent.path("ip").asText()).isEqualTo("127.0.0.1");
                assertThat(sent.path("tls").asText()).as("smtp-sink offers no STARTTLS").isEqualTo("none");
                assertThat(sent.path("delay").isNumber()).isTrue();
                assertThat(sent.path("delay").asDouble()).isBetween(0.0, 30.0);
                assertThat(sent.path("attempt").asInt()).isEqualTo(1);
                assertThat(sent.path("dsn").asText()).isEqualTo("2.0.0");
                assertThat(sent.path("reply").asText()).startsWith("250");

                JsonNode deferred = lineFor(lines, "eve@nowhere.example");
                assertThat(deferred.path("status").asText()).isEqualTo("deferred");
                assertThat(deferred.path("queueId").asText()).isEqualTo(sent.path("queueId").asText());
                assertThat(deferred.path("nextHop").asText()).isEqualTo("connector:Nowhere");
                assertThat(deferred.path("host").asText()).isEqualTo("127.0.0.1:1");
                assertThat(deferred.path("ip").asText()).isEqualTo("127.0.0.1");
                assertThat(deferred.path("tls").asText()).isEqualTo("none");
                assertThat(deferred.path("attempt").asInt()).isEqualTo(1);
                assertThat(deferred.path("dsn").asText()).isEqualTo("4.4.316");
                assertThat(deferred.path("reply").asText()).startsWith("450 4.4.316 Connection refused");

                JsonNode local = lineFor(lines, "alice@contoso.test");
                assertThat(local.path("status").asText()).isEqualTo("sent");
                assertThat(local.path("mailbox").asText()).isEqualTo("alice@contoso.test");
                assertThat(local.path("host").asText()).isEqualTo("local");
                assertThat(local.path("dsn").asText()).isEqualTo("2.0.0");

                assertThat(gateway.log().lines().filter(l -> !l.isBlank()))
                        .as("every line is JSON, the start-up lines too").allMatch(l -> l.startsWith("{") || l.startsWith("Mailflow is running") || l.startsWith("No admin account yet. A setup token"));
            }
        }
    }
}
