package io.mailflow.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.store.TraceRecord;
import io.mailflow.store.TracedMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trace as an administrator reads it in a terminal: what came from outside cannot drive the terminal. */
class MessageTraceTest {

    @Test
    void controlCharactersFromTheMessageShouldBeShownEscapedAndUnicodeTextAsItIs() {
        Instant at = Instant.parse("2026-11-27T10:00:00Z");
        TracedMessage m = new TracedMessage("Q1", at, "evil@outside.example", "<id@x>",
                "Grüße \u001b]0;owned\u0007\r\n2026-11-27 FAKE LINE", 10, "192.0.2.1", List.of("alice@contoso.test"),
                List.of(new TraceRecord("Q1", at, "FAIL", "alice@contoso.test", "{\"reason\":\"550 no\\u001b[2J\"}")));
        String text = MessageTrace.format(m);
        assertThat(text).doesNotContain("\u001b").doesNotContain("\u0007").contains("\\u001b]0;owned\\u0007\\u000d\\u000a2026-11-27 FAKE")
                .contains("Subject: Grüße ");
        assertThat(text.lines().filter(l -> l.contains("FAKE LINE"))).as("no line of its own").allMatch(l -> l.contains("Subject:"));
    }
}
