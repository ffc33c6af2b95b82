package io.mailflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mail is private: nothing the gateway writes under its data directory is open to group or others. */
class DataDirectoryPermissionsIT {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path dir;

    @Test
    void everyFileAndDirectoryShouldBeTheOwnersOnlyWhenTheGatewayRunsUnderUmask022() throws Exception {
        int port = GatewayProcess.freePort();
        Path config = TestGateway.writeConfig(dir, port, "", TestGateway.DIRECTORY);
        // umask 022 is the usual one, under which files are created 0644 and directories 0755
        List<String> umask022 = List.of("sh", "-c", "umask 022; exec \"$@\"", "sh");
        try (GatewayProcess gateway = GatewayProcess.startThrough(umask022, config, port)) {
            try (SmtpTestClient c = SmtpTestClient.connect("127.0.0.1", port)) {
                c.reply();
                // larger than a session keeps in memory: spilled to tmp/ on the way (ContentBufferTest
                // checks the spill file's mode; it is gone once the message is stored)
                String body = ("x".repeat(998) + "\r\n").repeat(300);
                assertThat(c.sendMail("carol@example.com", List.of("alice@contoso.test"), "Subject: private\r\n\r\n" + body))
                        .startsWith("250");
            }
            Path data = dir.resolve("data");
            Path inbox = data.resolve("mailboxes/alice@contoso.test/Maildir/new");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(inbox) && Files.list(inbox).count() == 1);
            List<Path> all;
            try (Stream<Path> walk = Files.walk(data)) {
                all = walk.toList();
            }
            assertThat(all).as("what the gateway wrote").contains(data.resolve("store/mailflow.db"), data.resolve("store/mailflow.db-wal"),
                    data.resolve("store/mailflow.db-shm"), data.resolve("run/gateway.json"), data.resolve("tls/selfsigned-key.pem"),
                    data.resolve("tls/selfsigned-cert.pem"), data.resolve("gateway.lock"), data.resolve("tmp"));
            assertThat(all).allSatisfy(p -> assertThat(Files.getPosixFilePermissions(p)).as(p.toString())
                    .doesNotContainAnyElementsOf(GROUP_OR_OTHERS));
        }
    }
}
