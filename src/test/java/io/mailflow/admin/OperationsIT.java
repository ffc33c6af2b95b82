package io.mailflow.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, Prometheus metrics and the API's token check, over real HTTP. */
class OperationsIT {

    @TempDir
    static Path dir;
    static TestGateway gateway;
    static AdminServer admin;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(dir);
        admin = new AdminServer(gateway.gateway()).start(io.mailflow.model.HostPort.parse("127.0.0.1:0", -1));
    }

    @AfterAll
    static void stop() {
        admin.stop();
        gateway.close();
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(admin.url() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthShouldBeUp() throws Exception {
        HttpResponse<String> r = get("/health", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"").contains("\"configVersion\":1");
    }

    @Test
    void metricsShouldCountConnectionsMessagesRejectionsBytesQueueAndCommitLatency() throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            c.command("EHLO client.example");
            c.command("MAIL FROM:<a@example.com>");
            assertThat(c.command("RCPT TO:<nobody@contoso.test>")).startsWith("550");
            assertThat(c.command("RCPT TO:<x@elsewhere.example>")).startsWith("550");
            c.command("RCPT TO:<alice@contoso.test>");
            c.command("DATA");
            c.send("Subject: metrics\r\n\r\nhello\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        assertThat(get("/metrics", null).statusCode()).as("metrics need a token too").isEqualTo(401);
        String metrics = get("/metrics", admin.token()).body();
        assertThat(metrics).containsPattern("mailflow_smtp_connections_total(\\{[^}]*})? [1-9]")
                .containsPattern("mailflow_messages_accepted_total(\\{[^}]*})? [1-9]")
                .contains("mailflow_recipients_rejected_total{reason=\"unknown_recipient\"}")
                .contains("mailflow_recipients_rejected_total{reason=\"relay_denied\"}")
                .containsPattern("mailflow_received_bytes_total(\\{[^}]*})? [1-9]")
                .contains("mailflow_queue_messages")
                .containsPattern("mailflow_store_commit_seconds_count(\\{[^}]*})? [1-9]")
                .contains("mailflow_smtp_connections_active");
    }

    @Test
    void apiShouldRefuseCallsWithoutTheToken() throws Exception {
        assertThat(get("/api/queue", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/queue", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/api/queue", admin.token()).statusCode()).isEqualTo(200);
    }

    @Test
    void traceApiShouldFindAMessageByRecipient() throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            assertThat(c.sendMail("tracer@example.com", List.of("bob@contoso.test"),
                    "Message-ID: <trace-1@example.com>\r\nSubject: traced\r\n\r\nx\r\n")).startsWith("250");
        }
        org.awaitility.Awaitility.await().untilAsserted(() ->
                assertThat(get("/api/trace?messageId=trace-1@example.com", admin.token()).body())
                        .contains("\"event\":\"RECEIVE\"").contains("\"event\":\"DELIVER\"").contains("bob@contoso.test"));
    }

    @Test
    void traceApiShouldAnswer400ToABadQueryAndBoundItsLimit() throws Exception {
        for (String bad : List.of("limit=-1", "limit=0", "limit=5000", "limit=ten", "since=yesterday")) {
            HttpResponse<String> r = get("/api/trace?recipient=bob@contoso.test&" + bad, admin.token());
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("limit");
        }
        assertThat(get("/api/trace?recipient=bob@contoso.test&limit=1000&since=2026-01-01T00:00:00Z", admin.token()).statusCode())
                .isEqualTo(200);
    }
}
