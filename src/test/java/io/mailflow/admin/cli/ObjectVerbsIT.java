package io.mailflow.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.admin.demo.SimulatedSmtpServer;
import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.Processes;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cmdlet verbs against a real gateway process: {@code new outboundConnector} with the YAML's
 * field names as flags routes the next message through the new connector with no restart;
 * {@code get} as a table, a list and JSON; {@code set} changes a field and a bad value comes back
 * named by its field; {@code remove} takes it away; each change is a version in the history.
 */
class ObjectVerbsIT {

    private static final String NAME = "To Fabrikam on-premises";

    @TempDir
    Path dir;

    private static Processes.Result cli(String... args) throws Exception {
        return GatewayProcess.cli(args);
    }

    private static Processes.Result ok(String... args) throws Exception {
        Processes.Result r = cli(args);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r;
    }

    private static void send(int port) throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect("127.0.0.1", port)) {
            c.reply();
            assertThat(c.sendMail("carol@example.com", List.of("report@fabrikam.test"), "Subject: via the new connector\r\n\r\nhi\r\n"))
                    .startsWith("250 ");
        }
    }

    @Test
    void newGetSetAndRemoveShouldChangeTheRunningGatewayAsTheApiDoes() throws Exception {
        try (SimulatedSmtpServer host = new SimulatedSmtpServer("mail.fabrikam.test", 0, null)) {
            int port = GatewayProcess.freePort();
            Path config = TestGateway.writeConfig(dir, port, "", TestGateway.DIRECTORY).toAbsolutePath();
            String c = config.toString();
            try (GatewayProcess gw = GatewayProcess.start(config, port)) {
                Processes.Result created = ok("new", "outboundConnector", "--config", c, "--name", NAME, "--connectorType", "OnPremises",
                        "--recipientDomains", "fabrikam.test", "--useMxRecord", "false", "--smartHosts", "127.0.0.1:" + host.port());
                assertThat(created.output()).contains("created outboundConnector " + NAME)
                        .containsPattern("(?m)^smartHosts +: \\{127\\.0\\.0\\.1:" + host.port() + "\\}$");

                send(port);
                await().atMost(Duration.ofSeconds(20)).until(() -> !host.received().isEmpty());
                assertThat(new String(host.received().getFirst().content())).contains("Subject: via the new connector");

                assertThat(ok("get", "outboundConnector", "--config", c).output()).as("a table, a row per connector")
                        .containsPattern("(?m)^name +connectorType .*$").containsPattern("(?m)^" + NAME + " +OnPremises ");
                assertThat(ok("get", "outboundConnectors", "--config", c, NAME, "--json").output())
                        .contains("\"smartHosts\" : [ \"127.0.0.1:" + host.port() + "\" ]");

                assertThat(ok("set", "outboundConnector", "--config", c, NAME, "--enabled", "false").output())
                        .containsPattern("(?m)^enabled +: false$");
                Processes.Result bad = cli("set", "outboundConnector", "--config", c, NAME, "--tlsSettings", "Sometimes");
                assertThat(bad.exitCode()).isEqualTo(1);
                assertThat(bad.output()).contains("422").contains("outboundConnectors[").contains("tlsSettings");
                Processes.Result unknown = cli("set", "outboundConnector", "--config", c, NAME, "--smartHost", "x");
                assertThat(unknown.exitCode()).isEqualTo(2);
                assertThat(unknown.output()).contains("outboundConnector has no field 'smartHost'").contains("smartHosts");

                assertThat(ok("remove", "outboundConnector", "--config", c, NAME).output()).contains("removed outboundConnector " + NAME);
                Processes.Result gone = cli("get", "outboundConnector", "--config", c, NAME);
                assertThat(gone.exitCode()).isEqualTo(1);
                assertThat(gone.output()).contains("404");

                assertThat(ok("config", "history", "--config", c).output()).as("new, set, remove: a version each, by the CLI")
                        .containsPattern("(?m)^2 .* CLI ").containsPattern("(?m)^3 .* CLI ").containsPattern("(?m)^4 .* CLI ");
            }
        }
    }
}
