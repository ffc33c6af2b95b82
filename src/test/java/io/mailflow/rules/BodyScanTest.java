package io.mailflow.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.message.MessageContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How much of a body the rules read, and what they make of hostile structure. */
class BodyScanTest {

    private static BodyScan scan(String text) {
        MessageContent c = MessageContent.ofBytes(text.getBytes(StandardCharsets.UTF_8));
        return BodyScan.of(c, MimeStructure.scan(c));
    }

    @Test
    void textBeyondThePartLimitShouldNotBeScannedAndTheScanShouldSaySo() {
        String filler = "word ".repeat(BodyScan.PART_TEXT_LIMIT / 5);
        BodyScan scan = scan("Subject: x\r\n\r\nearly " + filler + " late\r\n");

        assertThat(new WordText(scan.text()).contains("early")).isTrue();
        assertThat(new WordText(scan.text()).contains("late")).isFalse();
        assertThat(scan.truncated()).isTrue();
        assertThat(scan.text().length()).isLessThanOrEqualTo(BodyScan.PART_TEXT_LIMIT + 1);
    }

    @Test
    void eachPartShouldHaveItsOwnBudgetWithinTheMessageLimit() {
        String filler = "x".repeat(BodyScan.PART_TEXT_LIMIT + 10);
        String part = "--b\r\nContent-Type: text/plain\r\n\r\nfirst%s " + filler + "\r\n";
        String message = "Content-Type: multipart/mixed; boundary=b\r\n\r\n" + part.formatted(1) + part.formatted(2)
                + part.formatted(3) + "--b--\r\n";

        BodyScan scan = scan(message);

        assertThat(scan.text()).contains("first1").contains("first2").doesNotContain("first3");
        assertThat(scan.text().length()).isLessThanOrEqualTo(BodyScan.MESSAGE_TEXT_LIMIT + 3);
    }

    @Test
    void deeplyNestedMultipartsShouldBeReadAsOpaqueBodiesBelowTheDepthLimit() {
        int depth = 500;
        StringBuilder m = new StringBuilder("Content-Type: multipart/mixed; boundary=b0\r\n\r\n");
        for (int i = 0; i < depth; i++) {
            m.append("--b").append(i).append("\r\nContent-Type: multipart/mixed; boundary=b").append(i + 1).append("\r\n\r\n");
        }
        m.append("--b").append(depth).append("\r\nContent-Type: text/plain\r\n\r\ndeep text\r\n--b").append(depth).append("--\r\n");
        for (int i = depth - 1; i >= 0; i--) {
            m.append("--b").append(i).append("--\r\n");
        }
        m.append("epilogue");

        BodyScan scan = scan(m.toString());

        assertThat(scan.text()).doesNotContain("deep text");
        assertThat(scan.attachments()).as("an opaque multipart is neither body text nor an attachment").isEmpty();
    }

    @Test
    void partsBeyondTheLimitShouldNotBeLookedAt() {
        StringBuilder m = new StringBuilder("Content-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (int i = 0; i < BodyScan.MAX_PARTS + 50; i++) {
            m.append("--b\r\nContent-Type: application/octet-stream; name=f").append(i).append(".bin\r\n\r\nx\r\n");
        }
        m.append("--b--\r\n");

        BodyScan scan = scan(m.toString());

        assertThat(scan.attachments()).as("the multipart itself is one of the parts counted").hasSize(BodyScan.MAX_PARTS - 1);
        assertThat(scan.truncated()).isTrue();
    }

    @Test
    void aHugeHeaderFieldInAPartShouldNeitherFailTheScanNorHideTheTypeAfterIt() {
        String huge = "X-Filler: a\r\n" + " continued\r\n".repeat(MimeStructure.HEADER_FIELD_LIMIT);
        String message = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nbefore\r\n"
                + "--b\r\n" + huge + "Content-Type: text/html\r\n\r\n<p>after</p>\r\n--b--\r\n";

        BodyScan scan = scan(message);

        assertThat(scan.text()).contains("before").contains("after").doesNotContain("<p>");
    }

    @Test
    void aQuotedPrintableSoftBreakFollowedByWhiteSpaceShouldStillJoinTheLine() {
        BodyScan scan = scan("Content-Transfer-Encoding: quoted-printable\r\n\r\nconfi= \t \r\ndential\r\n");

        assertThat(scan.text()).startsWith("confidential");
    }
}
