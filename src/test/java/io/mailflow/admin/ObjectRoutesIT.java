package io.mailflow.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailflow.model.HostPort;
import io.mailflow.store.configuration.ChangeSource;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/acceptedDomains} and {@code /api/v1/outboundConnectors} over real HTTP: a domain and
 * a connector created over the API route the next message with no restart and are still there
 * after one; a stale If-Match changes nothing; a bad body names its field.
 */
class ObjectRoutesIT {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private AdminServer admin;

    private String token;

    /** The admin listener, and a named Administrator token as an API client has one (the CLI's own token would record CLI). */
    private AdminServer startAdmin(TestGateway gateway) throws Exception {
        try (var directory = io.mailflow.store.sqlite.SqliteAdminDirectory.open(gateway.gateway().config().dataDirectory(),
                java.time.Clock.systemUTC())) {
            token = io.mailflow.store.admin.ApiTokens.generate();
            directory.addToken("ci", io.mailflow.store.admin.AdminRole.Administrator,
                    io.mailflow.store.admin.ApiTokens.hash(token), null,
                    new io.mailflow.store.configuration.ConfigurationChange("test", ChangeSource.CLI, null, null)).orElseThrow();
        }
        return new AdminServer(gateway.gateway()).start(HostPort.parse("127.0.0.1:0", -1));
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(admin.url() + path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return ApiJson.MAPPER.readTree(r.body());
    }

    private static final String CONNECTOR = """
            {"name": "NewCo Relay", "connectorType": "OnPremises", "recipientDomains": ["newco.test"],
             "useMxRecord": false, "smartHosts": ["127.0.0.1:1"], "comment": "one host for now"}""";

    @Test
    void objectsCreatedOverTheApiShouldRouteTheNextMessageAndSurviveARestart() throws Exception {
        Path config;
        try (TestGateway gateway = TestGateway.start(dir, "", TestGateway.DIRECTORY + TestGateway.UNREACHABLE_CONNECTOR)) {
            config = gateway.configFile();
            admin = startAdmin(gateway);
            try {
                var unauthorized = http.send(HttpRequest.newBuilder(URI.create(admin.url() + "/api/v1/outboundConnectors")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(unauthorized.statusCode()).isEqualTo(401);

                var list = send("GET", "/api/v1/outboundConnectors", null);
                assertThat(list.statusCode()).isEqualTo(200);
                assertThat(list.headers().firstValue("ETag")).contains("\"1\"");
                assertThat(json(list).findValuesAsText("name")).containsExactly("Unreachable on-premises");

                var domain = send("POST", "/api/v1/acceptedDomains", "{\"domainName\": \"newco.test\", \"domainType\": \"InternalRelay\"}",
                        "If-Match", "\"1\"");
                assertThat(domain.statusCode()).as(domain.body()).isEqualTo(201);
                assertThat(domain.headers().firstValue("Location")).contains("/api/v1/acceptedDomains/newco.test");
                var created = send("POST", "/api/v1/outboundConnectors", CONNECTOR);
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                assertThat(created.headers().firstValue("Location")).contains("/api/v1/outboundConnectors/NewCo%20Relay");
                assertThat(created.headers().firstValue("ETag")).contains("\"3\"");
                assertThat(send("POST", "/api/v1/outboundConnectors", CONNECTOR).statusCode()).as("it exists").isEqualTo(409);

                try (SmtpTestClient c = gateway.connect()) {
                    c.reply();
                    assertThat(c.sendMail("sender@example.com", List.of("x@newco.test"), "Subject: hi\r\n\r\nx\r\n")).startsWith("250");
                }
                assertThat(gateway.awaitTrace("x@newco.test", "ROUTE")).anySatisfy(e -> {
                    assertThat(e.event()).isEqualTo("ROUTE");
                    assertThat(e.detail()).contains("NewCo Relay");
                });

                var stale = send("PATCH", "/api/v1/outboundConnectors/NewCo%20Relay", "{\"smartHosts\": [\"127.0.0.1:2\"]}",
                        "Content-Type", "application/merge-patch+json", "If-Match", "\"2\"");
                assertThat(stale.statusCode()).isEqualTo(412);
                assertThat(stale.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(json(send("GET", "/api/v1/outboundConnectors/newco%20relay", null)).path("smartHosts").toString())
                        .as("nothing changed").isEqualTo("[\"127.0.0.1:1\"]");
                assertThat(send("PATCH", "/api/v1/outboundConnectors/NewCo%20Relay", "{\"enabled\": false}").statusCode())
                        .as("a PATCH is a merge patch").isEqualTo(415);

                var patched = send("PATCH", "/api/v1/outboundConnectors/NewCo%20Relay",
                        "{\"smartHosts\": [\"127.0.0.1:2\", \"127.0.0.1:3\"], \"comment\": null}",
                        "Content-Type", "application/merge-patch+json", "If-Match", "\"3\"");
                assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
                assertThat(json(patched).path("smartHosts").toString()).isEqualTo("[\"127.0.0.1:2\",\"127.0.0.1:3\"]");
                assertThat(json(patched).has("comment")).as("null removes a field (RFC 7396)").isFalse();
                assertThat(patched.headers().firstValue("ETag")).contains("\"4\"");

                var bad = send("PUT", "/api/v1/outboundConnectors/NewCo%20Relay", CONNECTOR.replace("OnPremises", "OnPrem"));
                assertThat(bad.statusCode()).isEqualTo(422);
                assertThat(json(bad).path("errors").get(0).path("field").asText()).isEqualTo("outboundConnectors[1].connectorType");
                assertThat(json(bad).path("errors").get(0).path("detail").asText()).contains("'OnPrem' is not one of");

                assertThat(send("DELETE", "/api/v1/acceptedDomains/old.test", null).statusCode()).isEqualTo(404);
                assertThat(gateway.gateway().configuration().history(10)).first().satisfies(v -> {
                    assertThat(v.number()).isEqualTo(4);
                    assertThat(v.change().source()).isEqualTo(ChangeSource.API);
                    assertThat(v.change().who()).as("the token's name").isEqualTo("ci");
                    assertThat(v.change().clientAddress()).isEqualTo("127.0.0.1");
                });
            } finally {
                admin.stop();
            }
        }
        try (TestGateway restarted = TestGateway.startFromFile(config)) {
            assertThat(restarted.gateway().config().version()).isEqualTo(4);
            assertThat(restarted.gateway().config().acceptedDomain("newco.test")).isPresent();
            assertThat(restarted.gateway().config().outboundConnector("NewCo Relay")).hasValueSatisfying(c ->
                    assertThat(c.smartHosts()).hasSize(2));
            admin = new AdminServer(restarted.gateway()).start(HostPort.parse("127.0.0.1:0", -1));
            try {
                assertThat(send("DELETE", "/api/v1/outboundConnectors/NewCo%20Relay", null).statusCode()).isEqualTo(204);
                assertThat(send("GET", "/api/v1/outboundConnectors/NewCo%20Relay", null).statusCode()).isEqualTo(404);
                assertThat(restarted.gateway().config().outboundConnector("NewCo Relay")).isEmpty();
            } finally {
                admin.stop();
            }
        }
    }

    @Test
    void theWholeConfigurationShouldBeReadAndReplacedAsYamlOrJsonWithItsVersionsAndRollback() throws Exception {
        try (TestGateway gateway = TestGateway.start(dir)) {
            admin = startAdmin(gateway);
            try {
                var yaml = send("GET", "/api/v1/config", null, "Accept", "application/yaml");
                assertThat(yaml.statusCode()).isEqualTo(200);
                assertThat(yaml.headers().firstValue("ETag")).contains("\"1\"");
                assertThat(yaml.body()).contains("- domainName: contoso.test");
                var same = send("PUT", "/api/v1/config", yaml.body(), "Content-Type", "application/yaml", "If-Match", "\"1\"");
                assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
                assertThat(json(same).path("stored").asBoolean()).isFalse();

                String carol = yaml.body().replace("- primarySmtpAddress: bob@contoso.test\n",
                        "- primarySmtpAddress: bob@contoso.test\n- primarySmtpAddress: carol@contoso.test\n");
                var changed = send("PUT", "/api/v1/config", carol, "Content-Type", "application/yaml", "If-Match", "\"1\"");
                assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
                assertThat(json(changed).path("diff").toString()).contains("mailboxes/carol@contoso.test: added");
                assertThat(changed.headers().firstValue("ETag")).contains("\"2\"");
                assertThat(send("PUT", "/api/v1/config", carol, "Content-Type", "application/yaml", "If-Match", "\"1\"").statusCode())
                        .isEqualTo(412);
                var bad = send("PUT", "/api/v1/config", "{\"acceptedDomains\": [{\"domainName\": \"x.test\", \"domainType\": \"Internal\"}]}");
                assertThat(bad.statusCode()).isEqualTo(422);
                assertThat(json(bad).path("errors").get(0).path("field").asText()).isEqualTo("acceptedDomains[0].domainType");

                assertThat(json(send("GET", "/api/v1/config/versions/1", null)).path("document").path("acceptedDomains").size())
                        .isEqualTo(2);
                var back = send("POST", "/api/v1/config/rollback", "{\"version\": 1}");
                assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
                assertThat(json(back).path("version").asLong()).isEqualTo(3);
                assertThat(json(back).path("diff").toString()).contains("mailboxes/carol@contoso.test: removed");
                JsonNode audit = json(send("GET", "/api/v1/auditLog", null));
                assertThat(audit.findValuesAsText("version")).containsExactly("3", "2", "1");
                assertThat(audit.get(0).path("comment").asText()).isEqualTo("rollback to version 1");
                assertThat(audit.get(1).path("source").asText()).isEqualTo("API");
                assertThat(json(send("GET", "/api/v1/config/versions?limit=1", null)).size()).isEqualTo(1);
            } finally {
                admin.stop();
            }
        }
    }

    @Test
    void aMailboxPasswordShouldBeWriteOnly() throws Exception {
        String hash = io.mailflow.receive.Passwords.hash("carol-secret".toCharArray());
        try (TestGateway gateway = TestGateway.start(dir)) {
            admin = startAdmin(gateway);
            try {
                var created = send("POST", "/api/v1/mailboxes", "{\"primarySmtpAddress\": \"carol@contoso.test\", \"password\": \"" + hash + "\"}");
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                assertThat(created.body()).doesNotContain("password").doesNotContain("$2");
                assertThat(send("GET", "/api/v1/mailboxes/Carol@contoso.test", null).body()).doesNotContain("password");
                assertThat(send("GET", "/api/v1/mailboxes", null).body()).doesNotContain("password").contains("carol@contoso.test");

                var whole = send("GET", "/api/v1/config", null);
                assertThat(whole.body()).as("the whole document shows no secret either").doesNotContain("password").doesNotContain("$2")
                        .contains("carol@contoso.test");
                assertThat(send("GET", "/api/v1/config", null, "Accept", "application/yaml").body()).doesNotContain("password");
                assertThat(send("GET", "/api/v1/config/versions/2", null).body()).doesNotContain("password").doesNotContain("$2");
                var back = send("PUT", "/api/v1/config", whole.body());
                assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
                assertThat(json(back).path("stored").asBoolean()).as("GET then PUT of the answer keeps the password: no change").isFalse();

                var replaced = send("PUT", "/api/v1/mailboxes/carol@contoso.test", "{\"emailAddresses\": [\"c@contoso.test\"]}");
                assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
                var carol = io.mailflow.model.EmailAddress.parse("carol@contoso.test");
                assertThat(gateway.gateway().config().mailbox(carol)).hasValueSatisfying(m -> {
                    assertThat(m.password()).as("a replacement without the secret keeps it").isEqualTo(hash);
                    assertThat(m.emailAddresses()).containsExactly("c@contoso.test");
                });
                assertThat(gateway.gateway().configuration().diff(2, 3)).containsExactly(
                        "mailboxes/carol@contoso.test: emailAddresses: (not set) -> [c@contoso.test]");
                assertThat(gateway.gateway().configuration().diff(1, 2)).singleElement().asString()
                        .contains("password: (a secret)").doesNotContain(hash);

                var cleared = send("PATCH", "/api/v1/mailboxes/carol@contoso.test", "{\"password\": null}",
                        "Content-Type", "application/merge-patch+json");
                assertThat(cleared.statusCode()).isEqualTo(200);
                assertThat(gateway.gateway().config().mailbox(carol).orElseThrow().password()).isNull();
                assertThat(gateway.gateway().configuration().diff(3, 4)).containsExactly(
                        "mailboxes/carol@contoso.test: password: (a secret) -> (not set)");
            } finally {
                admin.stop();
            }
        }
    }

    @Test
    void settingsShouldBeReadReplacedAndPatchedBySection() throws Exception {
        try (TestGateway gateway = TestGateway.start(dir)) {
            admin = startAdmin(gateway);
            try {
                assertThat(json(send("GET", "/api/v1/settings/server", null)).path("hostname").asText()).isEqualTo("mail.contoso.test");
                assertThat(send("GET", "/api/v1/settings/dns", null).body()).isEqualTo("{}");
                String patch = "application/merge-patch+json";
                var limits = send("PATCH", "/api/v1/settings/server", "{\"limits\": {\"maxMessageSize\": \"10MB\"}}", "Content-Type", patch);
                assertThat(limits.statusCode()).as(limits.body()).isEqualTo(200);
                assertThat(json(limits).path("hostname").asText()).as("the rest of the section stays").isEqualTo("mail.contoso.test");
                assertThat(gateway.gateway().config().configuration().server().limits().maxMessageSize().bytes())
                        .isEqualTo(10L * 1024 * 1024);

                var bad = send("PATCH", "/api/v1/settings/server", "{\"limits\": {\"maxMessageSize\": \"big\"}}", "Content-Type", patch);
                assertThat(bad.statusCode()).isEqualTo(422);
                assertThat(json(bad).path("errors").get(0).path("field").asText()).isEqualTo("server.limits.maxMessageSize");
                var moved = send("PATCH", "/api/v1/settings/server", "{\"dataDirectory\": \"./elsewhere\"}", "Content-Type", patch);
                assertThat(moved.statusCode()).isEqualTo(422);
                assertThat(json(moved).path("errors").get(0).path("field").asText()).isEqualTo("server.dataDirectory");

                var transport = send("PUT", "/api/v1/settings/transport", "{\"retryIntervals\": [\"1m\"], \"messageExpiration\": \"2h\"}");
                assertThat(transport.statusCode()).as(transport.body()).isEqualTo(200);
                assertThat(gateway.gateway().config().configuration().transport().retryIntervals()).hasSize(1);
                assertThat(gateway.gateway().configuration().diff(2, 3)).contains("transport: (not set) -> {retryIntervals: [1m], messageExpiration: 2h}");
            } finally {
                admin.stop();
            }
        }
    }
}
