package io.mailflow.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyTest {

    private static String wire(Reply reply) {
        return new String(reply.encode(), StandardCharsets.UTF_8);
    }

    @Test
    void encodeShouldWriteOneLineEndingInCrlfWhenReplyHasOneLine() {
        assertThat(wire(Reply.of(250, "2.1.0", "Sender OK"))).isEqualTo("250 2.1.0 Sender OK\r\n");
        assertThat(wire(Reply.of(354, null, "Start mail input; end with <CRLF>.<CRLF>")))
                .isEqualTo("354 Start mail input; end with <CRLF>.<CRLF>\r\n");
    }

    @Test
    void encodeShouldMarkEveryLineButTheLastWithHyphenWhenReplyHasSeveralLines() {
        assertThat(wire(new Reply(250, null, List.of("a", "b")))).isEqualTo("250-a\r\n250 b\r\n");
        assertThat(wire(new Reply(250, null, List.of("mx.example greets you", "PIPELINING", "8BITMIME", "CHUNKING"))))
                .isEqualTo("250-mx.example greets you\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 CHUNKING\r\n");
    }

    @Test
    void encodeShouldRepeatEnhancedCodeOnEveryLineWhenReplyHasSeveralLines() {
        assertThat(wire(new Reply(250, "2.0.0", List.of("a", "b")))).isEqualTo("250-2.0.0 a\r\n250 2.0.0 b\r\n");
        assertThat(wire(new Reply(550, "5.7.1", List.of("one", "two", "three"))))
                .isEqualTo("550-5.7.1 one\r\n550-5.7.1 two\r\n550 5.7.1 three\r\n");
    }

    @Test
    void encodeShouldWriteUtf8WhenTextIsNotAscii() {
        assertThat(Reply.of(250, "2.0.0", "Grüße").encode())
                .isEqualTo("250 2.0.0 Grüße\r\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textShouldGiveOneLineWithCodeEnhancedCodeAndJoinedLines() {
        assertThat(new Reply(250, "2.0.0", List.of("a", "b")).text()).isEqualTo("250 2.0.0 a b");
        assertThat(Reply.of(550, "5.4.1", "Recipient address rejected: Access denied").text())
                .isEqualTo("550 5.4.1 Recipient address rejected: Access denied");
        assertThat(new Reply(250, null, List.of("a", "b")).text()).isEqualTo("250 a b");
        assertThat(Reply.of(451, "4.3.0", "try later").toString()).isEqualTo("451 4.3.0 try later");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 199, 600, 999, -250})
    void constructorShouldRejectCodeOutsideTwoHundredToFiveNinetyNine(int code) {
        assertThatIllegalArgumentException().isThrownBy(() -> Reply.of(code, null, "x"));
    }

    @Test
    void constructorShouldRejectReplyWithoutText() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Reply(250, "2.0.0", List.of()));
    }

    @Test
    void constructorShouldKeepItsOwnCopyOfLines() {
        List<String> lines = new ArrayList<>(List.of("a", "b"));
        Reply reply = new Reply(250, null, lines);

        lines.add("c");

        assertThat(wire(reply)).isEqualTo("250-a\r\n250 b\r\n");
    }

    @Test
    void classifiersShouldFollowFirstDigitOfCode() {
        assertThat(Reply.of(250, "2.0.0", "OK").isPositive()).isTrue();
        assertThat(Reply.of(354, null, "go on").isPositive()).isTrue();
        assertThat(Reply.of(451, "4.3.0", "later").isTransient()).isTrue();
        assertThat(Reply.of(451, "4.3.0", "later").isPositive()).isFalse();
        assertThat(Reply.of(451, "4.3.0", "later").isPermanent()).isFalse();
        assertThat(Reply.of(550, "5.1.1", "no").isPermanent()).isTrue();
        assertThat(Reply.of(550, "5.1.1", "no").isTransient()).isFalse();
        assertThat(Reply.of(250, "2.0.0", "OK").isTransient()).isFalse();
        assertThat(Reply.of(250, "2.0.0", "OK").isPermanent()).isFalse();
    }
}
