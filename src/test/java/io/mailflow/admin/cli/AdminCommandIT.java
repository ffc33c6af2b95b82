package io.mailflow.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailflow.admin.ApiJson;
import io.mailflow.admin.RuntimeFile;
import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.Processes;
import io.mailflow.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailflow admin} against a real gateway process: a token made with {@code token create
 * --json} works over HTTP at once with its role, stops at once when revoked; an account added
 * with its password on standard input logs in with HTTP Basic; the first start prints a setup token.
 */
class AdminCommandIT {

    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private static Processes.Result ok(String... args) throws Exception {
        Processes.Result r = GatewayProcess.cli(args);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r;
    }

    /** A CLI command with one line on its standard input (what a script pipes in; no terminal). */
    private static Processes.Result withInput(String input, String... args) throws Exception {
        Process p = new ProcessBuilder(GatewayProcess.command(args)).redirectErrorStream(true).start();
        p.getOutputStream().write((input + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Processes.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String url, String authorization, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTokenCreatedWithTheCliShouldWorkOverHttpAtOnceWithItsRoleUntilRevoked() throws Exception {
        int port = GatewayProcess.freePort();
        Path config = TestGateway.writeConfig(dir, port, "", TestGateway.DIRECTORY).toAbsolutePath();
        String c = config.toString();
        try (GatewayProcess gw = GatewayProcess.start(config, port)) {
            assertThat(gw.log()).contains("No admin account yet. A setup token (Administrator, valid 24 hours)")
                    .containsPattern("admin API: mfat_[A-Za-z0-9_-]{43} \\(create an account")
                    .contains("bin/mailflow admin user add NAME --role Administrator");
            String url = RuntimeFile.read(dir.resolve("data")).orElseThrow().adminUrl();

            Processes.Result created = ok("admin", "token", "create", "--config", c, "--name", "dashboard", "--role", "ViewOnly",
                    "--expires", "30d", "--json");
            List<String> lines = created.output().lines().toList();
            JsonNode json = ApiJson.MAPPER.readTree(lines.get(lines.size() - 1));
            assertThat(json.path("name").asText()).isEqualTo("dashboard");
            assertThat(json.path("role").asText()).isEqualTo("ViewOnly");
            assertThat(json.path("expires").asText()).matches("20\\d\\d-\\d\\d-\\d\\dT.*Z");
            String viewer = "Bearer " + json.path("token").asText();
            assertThat(send(url, viewer, "GET", "/api/v1/acceptedDomains", null).statusCode()).isEqualTo(200);
            assertThat(send(url, viewer, "POST", "/api/v1/acceptedDomains", "{\"domainName\": \"x.test\", \"domainType\": \"InternalRelay\"}")
                    .statusCode()).as("ViewOnly").isEqualTo(403);

            Processes.Result plain = ok("admin", "token", "create", "--config", c, "--name", "ci", "--role", "Administrator");
            List<String> plainLines = plain.output().lines().toList();
            String ci = "Bearer " + plainLines.get(plainLines.size() - 1);
            assertThat(send(url, ci, "POST", "/api/v1/acceptedDomains", "{\"domainName\": \"ci.test\", \"domainType\": \"InternalRelay\"}")
                    .statusCode()).isEqualTo(201);
            assertThat(GatewayProcess.cli("admin", "token", "create", "--config", c, "--name", "ci", "--role", "ViewOnly").exitCode())
                    .as("the name is taken while the token works").isEqualTo(1);

            assertThat(ok("admin", "token", "list", "--config", c).output())
                    .containsPattern("(?m)^ci +Administrator +active ")
                    .containsPattern("(?m)^dashboard +ViewOnly +active ")
                    .containsPattern("(?m)^local-cli +Administrator +active ")
                    .containsPattern("(?m)^setup +Administrator +active ")
                    .doesNotContain(json.path("token").asText());

            assertThat(withInput("correct horse", "admin", "user", "add", "--config", c, "bob", "--role", "Administrator").exitCode())
                    .isZero();
            assertThat(ok("admin", "user", "list", "--config", c).output()).containsPattern("(?m)^bob +Administrator ");
            String bob = "Basic " + Base64.getEncoder().encodeToString("bob:correct horse".getBytes(StandardCharsets.UTF_8));
            assertThat(send(url, bob, "DELETE", "/api/v1/acceptedDomains/ci.test", null).statusCode()).isEqualTo(204);

            ok("admin", "token", "revoke", "--config", c, "ci");
            assertThat(send(url, ci, "GET", "/api/v1/acceptedDomains", null).statusCode()).as("revoked: at once").isEqualTo(401);
            assertThat(ok("admin", "token", "list", "--config", c).output()).containsPattern("(?m)^ci +Administrator +revoked ");

            JsonNode audit = ApiJson.MAPPER.readTree(send(url, bob, "GET", "/api/v1/auditLog?limit=20", null).body());
            assertThat(audit.get(0).path("action").asText()).isEqualTo("TokenRevoked");
            assertThat(audit.get(0).path("who").asText()).isEqualTo("local:" + USER);
            assertThat(audit.get(1).path("who").asText()).as("the DELETE").isEqualTo("bob");
            assertThat(audit.get(3).path("who").asText()).as("the POST").isEqualTo("ci");

            ok("admin", "user", "remove", "--config", c, "bob");
            assertThat(send(url, bob, "GET", "/api/v1/acceptedDomains", null).statusCode()).isEqualTo(401);
            assertThat(ok("config", "history", "--config", c).output()).as("the CLI still reaches the gateway").contains("ci ");
        }
    }
}
