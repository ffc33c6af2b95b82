package io.mailflow.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailflow.admin.AdminServer;
import io.mailflow.admin.RuntimeFile;
import io.mailflow.model.HostPort;
import io.mailflow.testing.Cli;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailflow trace} against a running gateway (through its API) and a stopped one (its store). */
class TraceCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static String config;
    static String runningBounces;
    static String runningNormal;

    @BeforeAll
    static void sendABounceAndANormalMessage() throws Exception {
        try (TestGateway gateway = TestGateway.start(dir)) {
            config = gateway.configFile().toString();
            try (SmtpTestClient c = gateway.connect()) {
                c.reply();
                assertThat(c.sendMail("", List.of("alice@contoso.test"), "Subject: bounce\r\n\r\nx\r\n")).startsWith("250");
                assertThat(c.sendMailAfterHelo("carol@example.com", List.of("bob@contoso.test"), "Subject: hi\r\n\r\ny\r\n"))
                        .startsWith("250");
            }
            gateway.awaitTrace("alice@contoso.test", "RECEIVE", "DELIVER");
            gateway.awaitTrace("bob@contoso.test", "RECEIVE", "DELIVER");
            AdminServer admin = new AdminServer(gateway.gateway()).start(HostPort.parse("127.0.0.1:0", -1));
            try {
                Path data = gateway.gateway().config().dataDirectory();
                RuntimeFile.write(data, admin.url(), admin.token());
                runningBounces = run("trace", "--config", config, "--sender", "<>", "--json").output();
                runningNormal = run("trace", "--config", config, "--sender", "<Carol@example.com>", "--json").output();
            } finally {
                admin.stop();
                RuntimeFile.delete(gateway.gateway().config().dataDirectory());
            }
        }
    }

    private static Cli.Result run(String... args) {
        return Cli.run(args);
    }

    private static void assertOnlyTheBounceWithDetailObjects(String output) throws Exception {
        JsonNode found = JSON.readTree(output);
        assertThat(found).hasSize(1);
        JsonNode m = found.get(0);
        assertThat(m.get("sender").asText()).isEmpty();
        assertThat(m.get("subject").asText()).isEqualTo("bounce");
        JsonNode receive = m.get("events").get(0);
        assertThat(receive.get("event").asText()).isEqualTo("RECEIVE");
        assertThat(receive.get("detail").isObject()).as("detail is an object: %s", receive.get("detail")).isTrue();
        assertThat(receive.get("detail").get("clientIp").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void traceJsonShouldFindNullSenderMailByAngleBracketsAndPrintDetailAsObjectWhenGatewayRuns() throws Exception {
        assertOnlyTheBounceWithDetailObjects(runningBounces);
        assertThat(JSON.readTree(runningNormal)).singleElement().satisfies(m -> assertThat(m.get("subject").asText()).isEqualTo("hi"));
    }

    @Test
    void traceJsonShouldFindNullSenderMailByAngleBracketsOrEmptyTextWhenGatewayIsStopped() throws Exception {
        assertOnlyTheBounceWithDetailObjects(run("trace", "--config", config, "--sender", "<>", "--json").output());
        assertOnlyTheBounceWithDetailObjects(run("trace", "--config", config, "--sender", "", "--json").output());
    }

    @Test
    void traceShouldPrintTheNullSenderAsAngleBrackets() {
        Cli.Result r = run("trace", "--config", config, "--sender", "<>");
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).contains("from <>").contains("Subject: bounce").doesNotContain("Subject: hi");
    }
}
