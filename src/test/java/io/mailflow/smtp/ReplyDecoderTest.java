package io.mailflow.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyDecoderTest {

    private static Reply decode(String wire) {
        SmtpInput in = new SmtpInput();
        byte[] b = wire.getBytes(StandardCharsets.UTF_8);
        in.feed(b, 0, b.length);
        ReplyDecoder.Result r = new ReplyDecoder().next(in);
        assertThat(r).isInstanceOf(ReplyDecoder.Result.Complete.class);
        return ((ReplyDecoder.Result.Complete) r).reply();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "250 2.1.5 Ok|2.1.5|Ok",
        "550 5.7.606 Access denied|5.7.606|Access denied",
        "451 4.4.316 Connection refused|4.4.316|Connection refused",
        "250 2.0.0|2.0.0|' '",
    })
    void enhancedCodeShouldBeTakenFromTheTextWhenItMatchesTheReplyClass(String wire, String enhanced, String text) {
        Reply r = decode(wire + "\r\n");
        assertThat(r.enhancedCode()).isEqualTo(enhanced);
        assertThat(r.lines().getFirst()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "250 5.1.1 class differs from the code",
        "250 3.0.0 no such class",
        "250 2.1234.5 subject too long",
        "250 2.1.5x trailing letter",
        "250 2..5 empty subject",
        "250 2.1. empty detail",
        "250 Ok",
    })
    void textShouldStayWhenItDoesNotStartWithAnEnhancedCodeOfTheReplyClass(String wire) {
        Reply r = decode(wire + "\r\n");
        assertThat(r.enhancedCode()).isNull();
        assertThat(r.lines().getFirst()).isEqualTo(wire.substring(4));
    }

    @Test
    void enhancedCodeShouldBeStrippedFromEveryLineOfAMultilineReply() {
        Reply r = decode("250-2.0.0 first\r\n250 2.0.0 second\r\n");
        assertThat(r.lines()).containsExactly("first", "second");
    }
}
