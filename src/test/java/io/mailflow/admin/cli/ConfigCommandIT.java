package io.mailflow.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.Processes;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailflow config} against a real gateway process over its admin API: apply with a diff,
 * history, diff, rollback, export that applies back with no change, and the file rule at reload
 * and restart; with the gateway stopped, export and dry runs read the store.
 */
class ConfigCommandIT {

    private static final String BOB = "  - primarySmtpAddress: bob@contoso.test\n";
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;

    private static String rcpt(int port, String address) throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect("127.0.0.1", port)) {
            c.reply();
            c.command("EHLO client.example");
            c.command("MAIL FROM:<sender@example.com>");
            return c.command("RCPT TO:<" + address + ">");
        }
    }

    private static Processes.Result cli(String... args) throws Exception {
        return GatewayProcess.cli(args);
    }

    private static Processes.Result ok(String... args) throws Exception {
        Processes.Result r = cli(args);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r;
    }

    private Path withMailbox(Path config, String name, String address) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, Files.readString(config).replace(BOB, BOB + "  - primarySmtpAddress: " + address + "\n"));
        return file;
    }

    @Test
    void applyHistoryDiffRollbackAndExportShouldWorkOnTheRunningGatewayAtOnce() throws Exception {
        int port = GatewayProcess.freePort();
        Path config = TestGateway.writeConfig(dir, port, "", TestGateway.DIRECTORY).toAbsolutePath();
        String c = config.toString();
        Path carol = withMailbox(config, "carol.yaml", "carol@contoso.test");
        try (GatewayProcess gw = GatewayProcess.start(config, port)) {
            Processes.Result dry = ok("config", "apply", "--config", c, "--dry-run", carol.toString());
            assertThat(dry.output()).contains("dry run: applying " + carol + " would make 1 change:")
                    .contains("  mailboxes/carol@contoso.test: added {primarySmtpAddress: carol@contoso.test}");
            assertThat(rcpt(port, "carol@contoso.test")).as("a dry run applies nothing").startsWith("550 5.4.1");

            Processes.Result applied = ok("config", "apply", "--config", c, carol.toString(), "--comment", "carol joins");
            assertThat(applied.output()).contains("configuration version 2 is in force (1 change):")
                    .contains("  mailboxes/carol@contoso.test: added");
            assertThat(rcpt(port, "carol@contoso.test")).as("no restart, no reload").startsWith("250");

            Processes.Result history = ok("config", "history", "--config", c);
            assertThat(history.output()).containsPattern("(?m)^2 +\\S+ +local:" + USER + " +CLI +127\\.0\\.0\\.1 +carol joins$")
                    .containsPattern("(?m)^1 +\\S+ +" + USER + " +FILE +- +seeded from " + c + "$");
            assertThat(ok("config", "diff", "--config", c, "1", "2").output()).contains("from version 1 to version 2: 1 change:")
                    .contains("  mailboxes/carol@contoso.test: added");

            Path exported = dir.resolve("exported.yaml");
            Files.writeString(exported, ok("config", "export", "--config", c).output());
            assertThat(ok("check-config", exported.toString()).output()).contains(": OK (2 accepted domains, 3 mailboxes");
            assertThat(ok("config", "apply", "--config", c, exported.toString()).output())
                    .contains("no change, the configuration in force (version 2) is the same");

            Processes.Result back = ok("config", "rollback", "--config", c, "1");
            assertThat(back.output()).contains("configuration version 3 is in force (1 change):")
                    .contains("  mailboxes/carol@contoso.test: removed");
            assertThat(rcpt(port, "carol@contoso.test")).startsWith("550 5.4.1");
            assertThat(ok("config", "history", "--config", c).output()).containsPattern("(?m)^3 .* rollback to version 1$");

            Path bad = dir.resolve("bad.yaml");
            Files.writeString(bad, Files.readString(carol).replace("domainType: InternalRelay", "domainType: Internal"));
            Processes.Result refused = cli("config", "apply", "--config", c, bad.toString());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.output()).containsPattern(bad + ":\\d+: acceptedDomains\\[1\\]\\.domainType: 'Internal' is not one of")
                    .contains("nothing was applied");
            assertThat(ok("config", "history", "--config", c).output()).doesNotContainPattern("(?m)^4 ");
        }

        // No gateway: export and the dry run read the store; an apply needs the gateway.
        assertThat(ok("config", "export", "--config", c).output()).isEqualTo(Files.readString(dir.resolve("exported.yaml"))
                .replace("- primarySmtpAddress: carol@contoso.test\n", ""));
        assertThat(ok("config", "apply", "--config", c, "--dry-run", carol.toString()).output())
                .contains("dry run (no gateway running)").contains("mailboxes/carol@contoso.test: added");
        Processes.Result offline = cli("config", "apply", "--config", c, carol.toString());
        assertThat(offline.exitCode()).isEqualTo(3);
        assertThat(ok("config", "history", "--config", c).output()).containsPattern("(?m)^3 .* rollback to version 1$");
    }

    @Test
    void anEditedFileShouldNotSilentlyOverwriteAChangeMadeWithTheCliAtReloadOrRestart() throws Exception {
        int port = GatewayProcess.freePort();
        Path config = TestGateway.writeConfig(dir, port, "", TestGateway.DIRECTORY).toAbsolutePath();
        String c = config.toString();
        try (GatewayProcess gw = GatewayProcess.start(config, port)) {
            ok("config", "apply", "--config", c, withMailbox(config, "carol.yaml", "carol@contoso.test").toString(),
                    "--comment", "carol joins");
            Files.writeString(config, Files.readString(config).replace(BOB, BOB + "  - primarySmtpAddress: dave@contoso.test\n"));

            Processes.Result refused = cli("reload", "--config", c);
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.output()).contains("the file changed since configuration version 1 was read from it, and version 2"
                    + " was made since:").contains("by local:" + USER + " via CLI from 127.0.0.1: carol joins")
                    .contains("mailboxes/carol@contoso.test: removed").contains("mailboxes/dave@contoso.test: added")
                    .contains("reload refused");
            assertThat(rcpt(port, "carol@contoso.test")).as("version 2 stays in force").startsWith("250");
            assertThat(rcpt(port, "dave@contoso.test")).startsWith("550 5.4.1");

            ok("reload", "--config", c, "--force");
            assertThat(rcpt(port, "dave@contoso.test")).startsWith("250");
            assertThat(rcpt(port, "carol@contoso.test")).as("overwritten, on purpose").startsWith("550 5.4.1");

            ok("config", "rollback", "--config", c, "2");
        }
        Files.writeString(config, Files.readString(config).replace("dave@", "erin@"));
        assertThatThrownBy(() -> GatewayProcess.start(config, port)).as("a restart on the edited file is refused too")
                .hasMessageContaining("since configuration version 3 was read from it, and version 4 was made since")
                .hasMessageContaining("rollback to version 2").hasMessageContaining("mailboxes/erin@contoso.test: added")
                .hasMessageContaining("not started");
    }

    @Test
    void theBundledFileShouldStillJustRunAndSeedTheStoreOnce() throws Exception {
        int port = GatewayProcess.freePort();
        Path config = dir.resolve("mailflow.yaml");
        Files.writeString(config, Files.readString(Path.of("mailflow.yaml")).replace("server:\n", "server:\n  admin:\n    bind: 127.0.0.1:0\n")
                .replace("127.0.0.1:2525", "127.0.0.1:" + port).replace("127.0.0.1:5870", "127.0.0.1:" + GatewayProcess.freePort()));
        for (int start = 0; start < 2; start++) {
            try (GatewayProcess gw = GatewayProcess.start(config, port)) {
                assertThat(rcpt(port, "alice.smith@contoso.test")).startsWith("250");
                String history = ok("config", "history", "--config", config.toString()).output();
                assertThat(history).containsPattern("(?m)^1 .* FILE .* seeded from ").doesNotContainPattern("(?m)^2 ");
            }
        }
    }
}
