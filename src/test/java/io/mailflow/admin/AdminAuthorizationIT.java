package io.mailflow.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailflow.model.HostPort;
import io.mailflow.receive.Passwords;
import io.mailflow.store.admin.AdminRole;
import io.mailflow.store.admin.ApiTokens;
import io.mailflow.store.configuration.ChangeSource;
import io.mailflow.store.configuration.ConfigurationChange;
import io.mailflow.store.sqlite.SqliteAdminDirectory;
import io.mailflow.testing.ManualClock;
import io.mailflow.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what on the admin API, over real HTTP against a running gateway: every credential a
 * caller can bring against reads and writes of objects, the whole document and reload; health
 * open; changes named after the token or account that made them; password guessing throttled.
 * Tokens and accounts are made the way {@code mailflow admin} makes them: in the store, while the
 * gateway runs.
 */
class AdminAuthorizationIT {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = new ManualClock();
    private TestGateway gateway;
    private AdminServer admin;
    private SqliteAdminDirectory cli;

    private static final ConfigurationChange BY_CLI = new ConfigurationChange("local:test", ChangeSource.CLI, null, null);

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(dir, clock, "", TestGateway.DIRECTORY + TestGateway.UNREACHABLE_CONNECTOR);
        clock.advance(Duration.ofSeconds(1));
        admin = new AdminServer(gateway.gateway(), clock).start(HostPort.parse("127.0.0.1:0", -1));
        cli = SqliteAdminDirectory.open(gateway.gateway().config().dataDirectory(), clock);
    }

    @AfterEach
    void stop() {
        cli.close();
        admin.stop();
        gateway.close();
    }

    private String token(String name, AdminRole role, Duration lifetime) throws Exception {
        String token = ApiTokens.generate();
        cli.addToken(name, role, ApiTokens.hash(token), lifetime == null ? null : clock.instant().plus(lifetime), BY_CLI).orElseThrow();
        return token;
    }

    private static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String authorization, String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(admin.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One request of the matrix; {@code n} makes what a write creates unique to the credential that makes it. */
    private record Call(String method, String path, String body, boolean change, String... headers) {
    }

    private static List<Call> calls(int n) {
        String domain = "m" + n + ".test";
        return List.of(
                new Call("GET", "/api/v1/acceptedDomains", null, false),
                new Call("GET", "/api/v1/mailboxes/alice@contoso.test", null, false),
                new Call("GET", "/api/v1/auditLog", null, false),
                new Call("GET", "/api/queue", null, false),
                new Call("GET", "/metrics", null, false),
                new Call("POST", "/api/v1/acceptedDomains", "{\"domainName\": \"" + domain + "\", \"domainType\": \"InternalRelay\"}", true),
                new Call("PATCH", "/api/v1/outboundConnectors/Unreachable%20on-premises", "{\"comment\": \"by " + n + "\"}", true,
                        "Content-Type", "application/merge-patch+json"),
                new Call("DELETE", "/api/v1/acceptedDomains/" + domain, null, true),
                new Call("GET", "/api/v1/config", null, false),
                new Call("POST", "/api/reload", null, true));
    }

    @Test
    void eachCredentialShouldGetWhatItsRoleAllowsAndNothingElse() throws Exception {
        String expired = token("old", AdminRole.Administrator, Duration.ofHours(1));
        String revoked = token("leaked", AdminRole.Administrator, null);
        String viewer = token("dashboard", AdminRole.ViewOnly, Duration.ofDays(30));
        String ci = token("ci", AdminRole.Administrator, Duration.ofDays(30));
        cli.addAccount("bob", AdminRole.Administrator, Passwords.hash("correct horse".toCharArray()), BY_CLI);
        cli.addAccount("vera", AdminRole.ViewOnly, Passwords.hash("battery staple".toCharArray()), BY_CLI);
        cli.revokeToken("leaked", BY_CLI);
        clock.advance(Duration.ofHours(2));

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("no credentials", null);
        refused.put("a wrong token", "Bearer " + ApiTokens.generate());
        refused.put("an expired token", "Bearer " + expired);
        refused.put("a revoked token", "Bearer " + revoked);
        refused.put("a wrong password", basic("bob", "wrong"));
        refused.put("a scheme that is neither", "Digest username=\"bob\"");
        long version = gateway.gateway().config().version();
        for (var credential : refused.entrySet()) {
            for (Call c : calls(0)) {
                clock.advance(Duration.ofSeconds(61)); // so that the wrong passwords are answered, not throttled
                var r = send(credential.getValue(), c.method(), c.path(), c.body(), c.headers());
                assertThat(r.statusCode()).as(credential.getKey() + ": " + c.method() + " " + c.path()).isEqualTo(401);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(t -> assertThat(t).contains("Bearer").contains("Basic"));
            }
        }
        assertThat(ApiJson.MAPPER.readTree(send("Bearer " + revoked, "GET", "/api/queue", null).body()).path("detail").asText())
                .isEqualTo("the token 'leaked' was revoked");
        assertThat(ApiJson.MAPPER.readTree(send("Bearer " + expired, "GET", "/api/queue", null).body()).path("detail").asText())
                .isEqualTo("the token 'old' expired at 2026-11-27T11:00:01Z");

        Map<String, String> viewOnly = Map.of("a ViewOnly token", "Bearer " + viewer, "a ViewOnly account", basic("vera", "battery staple"));
        for (var credential : viewOnly.entrySet()) {
            for (Call c : calls(1)) {
                var r = send(credential.getValue(), c.method(), c.path(), c.body(), c.headers());
                int expected = c.change() ? 403 : 200;
                assertThat(r.statusCode()).as(credential.getKey() + ": " + c.method() + " " + c.path() + " " + r.body()).isEqualTo(expected);
                if (c.path().startsWith("/api/v1/mailboxes") || c.path().equals("/api/v1/config")) {
                    assertThat(r.body()).as("no secret for a ViewOnly caller").doesNotContain("password").doesNotContain("$2");
                }
            }
        }
        assertThat(gateway.gateway().config().version()).as("nothing was changed by a refused request").isEqualTo(version);

        Map<String, String> administrators = new LinkedHashMap<>();
        administrators.put("an Administrator token", "Bearer " + ci);
        administrators.put("an Administrator account", basic("bob", "correct horse"));
        administrators.put("the local CLI's token", "Bearer " + admin.token());
        int n = 2;
        for (var credential : administrators.entrySet()) {
            for (Call c : calls(n++)) {
                var r = send(credential.getValue(), c.method(), c.path(), c.body(), c.headers());
                assertThat(r.statusCode() / 100).as(credential.getKey() + ": " + c.method() + " " + c.path() + " " + r.body()).isEqualTo(2);
            }
        }

        var health = send(null, "GET", "/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void theAuditLogShouldNameTheTokenOrAccountThatMadeEachChange() throws Exception {
        clock.advance(Duration.ofSeconds(1));
        String ci = token("ci", AdminRole.Administrator, null);
        clock.advance(Duration.ofSeconds(1));
        cli.addAccount("bob", AdminRole.Administrator, Passwords.hash("correct horse".toCharArray()), BY_CLI);
        clock.advance(Duration.ofSeconds(1));
        assertThat(send("Bearer " + ci, "POST", "/api/v1/acceptedDomains", "{\"domainName\": \"ci.test\", \"domainType\": \"InternalRelay\"}")
                .statusCode()).isEqualTo(201);
        clock.advance(Duration.ofSeconds(1));
        assertThat(send(basic("bob", "correct horse"), "DELETE", "/api/v1/acceptedDomains/ci.test", null,
                "X-Mailflow-User", "mallory").statusCode()).isEqualTo(204);
        clock.advance(Duration.ofSeconds(1));
        cli.revokeToken("ci", BY_CLI);

        JsonNode log = ApiJson.MAPPER.readTree(send(basic("bob", "correct horse"), "GET", "/api/v1/auditLog", null).body());
        List<String> lines = new ArrayList<>();
        log.forEach(e -> lines.add(e.path("who").asText() + " " + e.path("source").asText() + " "
                + (e.has("version") ? "version " + e.path("version").asText() : e.path("action").asText() + " " + e.path("subject").asText())));
        String runner = System.getProperty("user.name");
        assertThat(lines).as("newest first; the user header is trusted from the local CLI's token only").containsExactly(
                "local:test CLI TokenRevoked ci",
                "bob API version 3",
                "ci API version 2",
                "local:test CLI AccountAdded bob",
                "local:test CLI TokenCreated ci",
                runner + " CLI TokenCreated setup",
                runner + " FILE version 1");
        assertThat(log.get(1).path("clientAddress").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void passwordGuessingShouldBeThrottledPerAddressAndAccount() throws Exception {
        cli.addAccount("bob", AdminRole.Administrator, Passwords.hash("correct horse".toCharArray()), BY_CLI);
        for (int i = 0; i < 5; i++) {
            assertThat(send(basic("bob", "guess" + i), "GET", "/api/queue", null).statusCode()).isEqualTo(401);
        }
        var locked = send(basic("bob", "correct horse"), "GET", "/api/queue", null);
        assertThat(locked.statusCode()).as("locked out, even with the right password").isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 61L));
        assertThat(send(basic("nobody", "x"), "GET", "/api/queue", null).statusCode()).as("this address is locked out").isEqualTo(429);
        assertThat(send("Bearer " + admin.token(), "GET", "/api/queue", null).statusCode()).as("tokens still work").isEqualTo(200);

        clock.advance(Duration.ofSeconds(61));
        assertThat(send(basic("bob", "correct horse"), "GET", "/api/queue", null).statusCode()).as("a minute later").isEqualTo(200);
    }

    @Test
    void aStartWithNoAccountShouldMakeOneSetupTokenAndTheLocalTokenShouldBeRenewed() throws Exception {
        assertThat(admin.setupToken()).isPresent();
        assertThat(send("Bearer " + admin.setupToken().get(), "GET", "/api/queue", null).statusCode()).isEqualTo(200);
        String firstLocal = admin.token();
        admin.stop();
        admin = new AdminServer(gateway.gateway(), clock).start(HostPort.parse("127.0.0.1:0", -1));
        assertThat(admin.setupToken()).as("the first one still works: printed once").isEmpty();
        assertThat(send("Bearer " + firstLocal, "GET", "/api/queue", null).statusCode()).as("the old local token").isEqualTo(401);
        assertThat(send("Bearer " + admin.token(), "GET", "/api/queue", null).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofHours(25));
        admin.stop();
        admin = new AdminServer(gateway.gateway(), clock).start(HostPort.parse("127.0.0.1:0", -1));
        assertThat(admin.setupToken()).as("expired, and still no account: a new one").isPresent();

        cli.addAccount("bob", AdminRole.Administrator, Passwords.hash("correct horse".toCharArray()), BY_CLI);
        clock.advance(Duration.ofHours(25));
        admin.stop();
        admin = new AdminServer(gateway.gateway(), clock).start(HostPort.parse("127.0.0.1:0", -1));
        assertThat(admin.setupToken()).as("an account exists").isEmpty();
    }
}
