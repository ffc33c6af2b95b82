package io.mailflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mailflow.testing.Processes;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under the data directory (a small tmpfs, filled up): the gateway answers 4xx, never
 * 250 and never 5xx, and takes the same message once there is room again.
 */
class StorageFailureIT {

    @TempDir
    Path dir;
    Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            Processes.run(20, "umount", "-l", mount.toString());
        }
    }

    @Test
    void fullDiskShouldGiveATransientFailureAndLoseNothing() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root (CI runs as root)");
        mount = dir.resolve("small");
        Files.createDirectories(mount);
        assertThat(Processes.run(20, "mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString()).exitCode()).isZero();
        String rest = TestGateway.DIRECTORY;
        Path config = TestGateway.writeConfig(dir, 0, "", rest);
        Files.writeString(config, Files.readString(config).replace("dataDirectory: ./data", "dataDirectory: " + mount));
        try (TestGateway gw = TestGateway.startFromFile(config)) {
            Path filler = mount.resolve("filler");
            fill(filler);
            String message = "Subject: disk full\r\nX-Marker: full-disk\r\n\r\n" + ("z".repeat(998) + "\r\n").repeat(300);
            try (SmtpTestClient c = gw.connect()) {
                c.reply();
                String reply = c.sendMail("sender@example.com", List.of("alice@contoso.test"), message);
                assertThat(reply).startsWith("451 4.3.0");
                assertThat(c.command("NOOP")).startsWith("250");
            }
            Files.delete(filler);
            try (SmtpTestClient c = gw.connect()) {
                c.reply();
                assertThat(c.sendMail("sender@example.com", List.of("alice@contoso.test"), message)).startsWith("250 2.0.0");
            }
            org.awaitility.Awaitility.await().until(() -> gw.mailbox("alice@contoso.test").size() == 1);
        }
    }

    /** Fills the file system until a write fails. */
    private static void fill(Path filler) throws Exception {
        byte[] block = new byte[64 * 1024];
        try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
            while (true) {
                f.write(block);
            }
        } catch (java.io.IOException full) {
            // the disk is full now
        }
    }
}
