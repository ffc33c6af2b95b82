package io.mailflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailflow.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload: a good file replaces the snapshot; what a running gateway cannot follow is refused by name. */
class LiveConfigTest {

    @TempDir
    Path dir;

    @Test
    void aReloadThatMovesTheDataDirectoryShouldBeRefusedAndChangeNothing() throws Exception {
        Path file = TestGateway.writeConfig(dir, 0, "", TestGateway.DIRECTORY);
        LiveConfig live = new LiveConfig(ConfigLoader.load(file, 1));
        Path before = live.current().dataDirectory();
        String text = Files.readString(file);
        Files.writeString(file, text.replace("dataDirectory: ./data", "dataDirectory: ./elsewhere")
                .replace("- primarySmtpAddress: bob@contoso.test", "- primarySmtpAddress: bob@contoso.test\n  - primarySmtpAddress: carol@contoso.test"));
        assertThatThrownBy(live::reload).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
                .contains(file.toString()).contains("server.dataDirectory").contains("needs a restart"));
        assertThat(live.current().version()).isEqualTo(1);
        assertThat(live.current().dataDirectory()).isEqualTo(before);

        Files.writeString(file, text.replace("- primarySmtpAddress: bob@contoso.test",
                "- primarySmtpAddress: bob@contoso.test\n  - primarySmtpAddress: carol@contoso.test"));
        assertThat(live.reload().version()).as("the same change without the move is taken").isEqualTo(2);
    }

    @Test
    void aReloadNamingAFileThatDoesNotExistShouldBeRefusedAndChangeNothing() throws Exception {
        Path file = TestGateway.writeConfig(dir, 0, "", TestGateway.DIRECTORY);
        LiveConfig live = new LiveConfig(ConfigLoader.load(file, 1));
        Files.writeString(file, Files.readString(file) + "transport:\n  trustedCaFile: /etc/mailflow/gone.pem\n");
        assertThatThrownBy(live::reload).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
                .contains(file + ":").contains("transport.trustedCaFile: file /etc/mailflow/gone.pem does not exist"));
        assertThat(live.current().version()).isEqualTo(1);
        assertThat(live.current().configuration().transport().trustedCaFile()).isNull();
    }
}
