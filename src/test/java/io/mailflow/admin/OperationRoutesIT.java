package io.mailflow.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailflow.model.HostPort;
import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.SmtpSink;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations of {@code /api/v1} over real HTTP against a running gateway: real mail queued
 * for a smart host that is down, seen per next hop, held, released, retried and deleted; found in
 * the message trace by wildcards with its timeline; and the what-if routes (explain, rules test,
 * connector validation against one working and one dead host).
 */
class OperationRoutesIT {

    private static final String HOP = "connector:To Fabrikam";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private AdminServer admin;

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(admin.url() + path)).header("Authorization", "Bearer " + admin.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        var r = send("GET", path, null);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return ApiJson.MAPPER.readTree(r.body());
    }

    private JsonNode post(String path, String body) throws Exception {
        var r = send("POST", path, body);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return ApiJson.MAPPER.readTree(r.body());
    }

    /** A 400 problem+json that names the field. */
    private void assertBadField(HttpResponse<String> r, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(ApiJson.MAPPER.readTree(r.body()).path("errors").get(0).path("field").asText()).isEqualTo(field);
    }

    private static String hopPath(String verb) {
        return "/api/v1/queue/nextHops/" + URLEncoder.encode(HOP, StandardCharsets.UTF_8).replace("+", "%20") + "/" + verb;
    }

    private static String config(int port) {
        return TestGateway.DIRECTORY + """
                outboundConnectors:
                  - name: To Fabrikam
                    connectorType: OnPremises
                    recipientDomains: [fabrikam.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d]
                transport:
                  smartHostConnectTimeout: 2s
                  smartHostDownTime: 0s
                transportRules:
                  - name: Check invoices
                    subjectContainsWords: [invoice]
                    prependSubject: '[CHECK] '
                """.formatted(port);
    }

    private static void mail(TestGateway gateway, List<String> to, String subject) throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            assertThat(c.sendMail("sender@example.com", to, "Subject: " + subject + "\r\n\r\nhello\r\n")).startsWith("250");
        }
    }

    @Test
    void queuedMailShouldBeSummedPerNextHopHeldReleasedRetriedDeletedAndTraced() throws Exception {
        try (SmtpSink sink = SmtpSink.start(dir.resolve("sink"), GatewayProcess.freePort());
                TestGateway gateway = TestGateway.start(dir, "", config(sink.port()))) {
            admin = new AdminServer(gateway.gateway()).start(HostPort.parse("127.0.0.1:0", -1));
            try {
                sink.down();
                mail(gateway, List.of("a@fabrikam.test", "b@fabrikam.test"), "first");
                mail(gateway, List.of("c@fabrikam.test"), "second");
                await().atMost(Duration.ofSeconds(15)).until(() -> gateway.gateway().queue().list().stream()
                        .allMatch(e -> e.recipients().stream().allMatch(r -> r.attempts() > 0)) && gateway.gateway().queue().size() == 2);

                JsonNode queue = get("/api/v1/queue");
                assertThat(queue.path("total").asInt()).isEqualTo(2);
                JsonNode hop = queue.path("nextHops").get(0);
                assertThat(hop.path("nextHop").asText()).isEqualTo(HOP);
                assertThat(hop.path("messageCount").asInt()).isEqualTo(2);
                assertThat(hop.path("recipientCount").asInt()).isEqualTo(3);
                assertThat(Duration.parse(hop.path("oldestMessageAge").asText())).isLessThan(Duration.ofMinutes(1));
                assertThat(hop.path("lastError").asText()).isNotBlank();
                assertThat(hop.path("suspended").asBoolean()).isFalse();
                assertThat(queue.path("messages").get(0).path("recipients").get(0).path("nextHop").asText()).isEqualTo(HOP);

                assertThat(get("/api/v1/queue?recipient=C@FABRIKAM.*").path("total").asInt()).isEqualTo(1);
                assertThat(get("/api/v1/queue?sender=nobody*").path("total").asInt()).isZero();
                assertThat(get("/api/v1/queue?nextHop=" + URLEncoder.encode(HOP, StandardCharsets.UTF_8) + "&state=Queued")
                        .path("total").asInt()).isEqualTo(2);
                JsonNode paged = get("/api/v1/queue?pageSize=1&page=2");
                assertThat(paged.path("messages")).hasSize(1);
                assertThat(paged.path("messages").get(0).path("subject").asText()).isEqualTo("second");
                assertBadField(send("GET", "/api/v1/queue?state=Stuck", null), "state");
                assertBadField(send("GET", "/api/v1/queue?pageSize=100000", null), "pageSize");

                // held: the host is back, but nothing goes until the next hop is resumed
                assertThat(post(hopPath("suspend"), null).path("changed").asBoolean()).isTrue();
                sink.up();
                assertThat(post(hopPath("retry"), null).path("messagesRetried").asInt()).isEqualTo(2);
                await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/v1/queue").path("messages").get(0)
                        .path("recipients").get(0).path("lastError").asText().contains("suspended"));
                assertThat(get("/api/v1/queue").path("nextHops").get(0).path("suspended").asBoolean()).isTrue();
                assertThat(sink.count()).isZero();

                assertThat(post(hopPath("resume"), null).path("changed").asBoolean()).isTrue();
                String first = queue.path("messages").get(0).path("id").asText();
                assertThat(post("/api/v1/queue/" + first + "/retry", null).path("retried").asBoolean()).isTrue();
                post(hopPath("retry"), null);
                await().atMost(Duration.ofSeconds(15)).until(() -> gateway.gateway().queue().size() == 0);
                assertThat(sink.count()).isEqualTo(2);
                assertThat(send("POST", "/api/v1/queue/" + first + "/retry", null).statusCode()).isEqualTo(404);

                // deleted with an NDR to the sender
                sink.down();
                mail(gateway, List.of("d@fabrikam.test"), "third");
                await().atMost(Duration.ofSeconds(15)).until(() -> gateway.gateway().queue().list().stream()
                        .anyMatch(e -> e.recipients().getFirst().attempts() > 0));
                String third = get("/api/v1/queue?recipient=d@fabrikam.test").path("messages").get(0).path("id").asText();
                assertBadField(send("DELETE", "/api/v1/queue/" + third + "?ndr=maybe", null), "ndr");
                assertThat(send("DELETE", "/api/v1/queue/" + third + "?ndr=true", null).statusCode()).isEqualTo(204);
                assertThat(send("DELETE", "/api/v1/queue/" + third, null).statusCode()).isEqualTo(404);
                gateway.gateway().store().flush();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("/api/v1/messageTrace?sender=<>"
                        .replace("<>", "%3C%3E") + "&recipient=sender@example.com").path("results")).as("the NDR to the sender")
                        .anySatisfy(r -> assertThat(r.path("subject").asText()).startsWith("Undeliverable")));

                // message trace: wildcards without regard to case, status, time window, the timeline
                JsonNode all = get("/api/v1/messageTrace?recipient=*@FABRIKAM.test");
                assertThat(all.path("results")).hasSize(3);
                assertThat(all.path("results").get(0).path("subject").asText()).as("newest first").isEqualTo("third");
                List<String> delivered = new ArrayList<>();
                get("/api/v1/messageTrace?recipient=*@fabrikam.test&status=Delivered").path("results")
                        .forEach(r -> delivered.add(r.path("subject").asText()));
                assertThat(delivered).containsExactly("second", "first");
                assertThat(get("/api/v1/messageTrace?sender=sender@*&status=failed").path("results").get(0).path("id").asText())
                        .isEqualTo(third);
                assertThat(get("/api/v1/messageTrace?recipient=*@fabrikam.test&end=2020-01-01T00:00:00Z").path("results")).isEmpty();
                assertThat(get("/api/v1/messageTrace?recipient=*@fabrikam.test&page=2&pageSize=2").path("results")).hasSize(1);
                assertThat(get("/api/v1/messageTrace?recipient=%25@fabrikam.test").path("results")).as("% is literal").isEmpty();
                assertBadField(send("GET", "/api/v1/messageTrace?start=yesterday", null), "start");
                assertBadField(send("GET", "/api/v1/messageTrace?status=Bounced", null), "status");

                JsonNode timeline = get("/api/v1/messageTrace/" + first);
                assertThat(timeline.path("status").asText()).isEqualTo("Delivered");
                List<String> events = new ArrayList<>();
                timeline.path("events").forEach(e -> events.add(e.path("event").asText()));
                assertThat(events).contains("RECEIVE", "ROUTE", "DEFER", "PENDING", "ADMIN", "SEND");
                JsonNode sent = null;
                for (JsonNode e : timeline.path("events")) {
                    if (e.path("event").asText().equals("SEND")) {
                        sent = e;
                    }
                }
                assertThat(sent.path("detail").path("host").asText()).isEqualTo("127.0.0.1:" + sink.port());
                assertThat(sent.path("detail").path("reply").asText()).startsWith("250");
                assertThat(sent.path("detail").has("tls")).isTrue();
                assertThat(get("/api/v1/messageTrace/" + third).path("recipientStatus").path("d@fabrikam.test").asText())
                        .isEqualTo("Failed");
                assertThat(send("GET", "/api/v1/messageTrace/NOPE", null).statusCode()).isEqualTo(404);
                assertThat(get("/api/v1/messageTrace?recipient=example.com&sender=*").path("results")).isEmpty();
            } finally {
                admin.stop();
            }
        }
    }

    @Test
    void explainRulesTestAndConnectorValidationShouldAnswerTheDecisionsAsJson() throws Exception {
        int downPort = GatewayProcess.freePort();
        try (SmtpSink up = SmtpSink.start(dir.resolve("up"), GatewayProcess.freePort());
                TestGateway gateway = TestGateway.start(dir, "", config(up.port()).replace("smartHosts: [127.0.0.1:" + up.port() + "]",
                        "smartHosts: [127.0.0.1:" + up.port() + ", 127.0.0.1:" + downPort + "]"))) {
            admin = new AdminServer(gateway.gateway()).start(HostPort.parse("127.0.0.1:0", -1));
            try {
                JsonNode explained = post("/api/v1/explain", """
                        {"sender": "app@contoso.test", "recipients": ["alice.smith@contoso.test", "bob@fabrikam.test",
                         "nobody@contoso.test"], "clientIp": "127.0.0.2", "subject": "an invoice"}""");
                assertThat(explained.path("client").path("inboundConnector").asText()).isEqualTo("From on-premises apps");
                assertThat(explained.path("mailFrom").path("relayAllowed").asBoolean()).isTrue();
                assertThat(explained.path("recipients").get(2).path("accepted").asBoolean()).isFalse();
                assertThat(explained.path("recipients").get(2).path("reply").asText()).startsWith("550 5.4.1");
                JsonNode plan = explained.path("plan");
                assertThat(plan.path("rules").get(0).path("rule").asText()).isEqualTo("Check invoices");
                assertThat(plan.path("rules").get(0).path("applied").asBoolean()).isTrue();
                JsonNode routed = plan.path("copies").get(0).path("recipients");
                assertThat(routed.get(0).path("nextHop").asText()).isEqualTo("mailbox:alice@contoso.test");
                assertThat(routed.get(1).path("nextHop").asText()).isEqualTo(HOP);
                assertThat(routed.get(1).path("steps").toString()).contains("To Fabrikam");
                assertThat(explained.path("ifRefusedWereAccepted").path("copies").get(0).path("recipients").get(0)
                        .path("address").asText()).isEqualTo("nobody@contoso.test");
                assertBadField(send("POST", "/api/v1/explain", "{\"recipients\": []}"), "recipients");
                assertBadField(send("POST", "/api/v1/explain", "{\"recipients\": [\"a@b.test\"], \"clientIp\": \"here\"}"), "clientIp");
                assertBadField(send("POST", "/api/v1/explain", "{\"sender\": \"not an address\", \"recipients\": [\"a@b.test\"]}"),
                        "sender");

                JsonNode tested = post("/api/v1/transportRules/test", """
                        {"sender": "partner@external.example", "recipients": ["alice@contoso.test"],
                         "message": "From: partner@external.example\\nTo: alice@contoso.test\\nSubject: Invoice 42\\n\\nplease pay\\n"}""");
                assertThat(tested.path("accepted").asBoolean()).isTrue();
                assertThat(tested.path("rules").get(0).path("applied").asBoolean()).isTrue();
                JsonNode copy = tested.path("copies").get(0);
                assertThat(copy.path("changed").asBoolean()).isTrue();
                assertThat(copy.path("subject").asText()).isEqualTo("[CHECK] Invoice 42");
                assertThat(copy.path("message").asText()).contains("Subject: [CHECK] Invoice 42\r\n").contains("please pay");
                assertBadField(send("POST", "/api/v1/transportRules/test", "{\"recipients\": [\"alice@contoso.test\"]}"), "message");
                assertBadField(send("POST", "/api/v1/transportRules/test", "{\"message\": \"x\", \"recipients\": [\"alice\"]}"),
                        "recipients[0]");

                JsonNode validated = post("/api/v1/outboundConnectors/To%20Fabrikam/validate", "{\"recipients\": [\"test@fabrikam.test\"]}");
                assertThat(validated.path("ok").asBoolean()).isFalse();
                JsonNode working = validated.path("hosts").get(0);
                assertThat(working.path("host").asText()).isEqualTo("127.0.0.1:" + up.port());
                assertThat(working.path("ok").asBoolean()).isTrue();
                List<String> steps = new ArrayList<>();
                working.path("steps").forEach(s -> steps.add(s.path("name").asText() + "=" + s.path("ok").asBoolean()));
                assertThat(steps).contains("connect=true", "EHLO=true", "test message=true");
                JsonNode dead = validated.path("hosts").get(1);
                assertThat(dead.path("ok").asBoolean()).isFalse();
                List<String> deadSteps = new ArrayList<>();
                dead.path("steps").forEach(s -> deadSteps.add(s.path("name").asText() + "=" + s.path("ok").asBoolean()));
                assertThat(deadSteps).contains("connect=false").doesNotContain("test message=true");
                assertThat(up.count()).as("the test message reached the working host").isEqualTo(1);
                assertThat(Files.readString(dir.resolve("data/connectors/To_Fabrikam.validation.json"))).contains("\"ok\" : false")
                        .contains("127.0.0.1:" + downPort);
                assertThat(gateway.gateway().config().outboundConnector("To Fabrikam")).as("still in use (S16)").isPresent();
                assertThat(send("POST", "/api/v1/outboundConnectors/Nope/validate", "{}").statusCode()).isEqualTo(404);
                assertBadField(send("POST", "/api/v1/outboundConnectors/To%20Fabrikam/validate", "{\"recipients\": \"x\"}"),
                        "recipients");
            } finally {
                admin.stop();
            }
        }
    }
}
