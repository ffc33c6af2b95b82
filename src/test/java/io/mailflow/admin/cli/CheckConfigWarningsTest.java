package io.mailflow.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-config prints a valid file's warnings after its OK, and still exits 0. */
class CheckConfigWarningsTest {

    @TempDir
    Path dir;

    @Test
    void checkConfigShouldPrintWarningsAndStillExitZero() throws Exception {
        Path file = dir.resolve("mailflow.yaml");
        Files.writeString(file, """
                acceptedDomains:
                  - {domainName: contoso.test}
                mailboxes:
                  - {primarySmtpAddress: alice@contoso.test}
                """);
        Cli.Result r = Cli.run("check-config", file.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).contains(file + ": OK").contains("warning: " + file + ": transport.postmasterRecipient: not set: mail to"
                + " postmaster@contoso.test goes to the first mailbox, alice@contoso.test");
        Cli.Result bundled = Cli.run("check-config", "mailflow.yaml");
        assertThat(bundled.exitCode()).isZero();
        assertThat(bundled.output()).as("the bundled example sets postmasterRecipient").doesNotContain("warning:");
    }
}
