package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.admin.cli.MailflowCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Password hashes as an administrator makes them with hash-password and the server checks them. */
class PasswordsTest {

    @Test
    void aHashShouldAcceptItsPasswordOnlyAndNeverRepeat() {
        String hash = Passwords.hash("correct horse".toCharArray());
        assertThat(hash).matches("\\$2y\\$12\\$[./A-Za-z0-9]{53}");
        assertThat(Passwords.matches(hash, "correct horse".toCharArray())).isTrue();
        assertThat(Passwords.matches(hash, "correct hors".toCharArray())).isFalse();
        assertThat(Passwords.matches(hash, "Correct horse".toCharArray())).isFalse();
        assertThat(Passwords.hash("correct horse".toCharArray())).as("salted").isNotEqualTo(hash);
    }

    @Test
    void noUserOrAMalformedHashShouldNeverMatch() {
        assertThat(Passwords.matches(null, "anything".toCharArray())).isFalse();
        assertThat(Passwords.matches("plain text", "plain text".toCharArray())).isFalse();
    }

    @Test
    void theHashPasswordCommandShouldPrintAHashTheServerAccepts() {
        InputStream in = System.in;
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream("s3cret pass\n".getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertThat(MailflowCommand.execute("hash-password")).isZero();
        } finally {
            System.setIn(in);
            System.setOut(out);
        }
        String hash = printed.toString(StandardCharsets.UTF_8).strip();
        assertThat(Passwords.matches(hash, "s3cret pass".toCharArray())).isTrue();
    }
}
