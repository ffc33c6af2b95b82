package io.mailflow.dsn;

import static io.mailflow.dsn.DsnFixtures.ARRIVAL;
import static io.mailflow.dsn.DsnFixtures.LAST_ATTEMPT;
import static io.mailflow.dsn.DsnFixtures.MESSAGE_ID;
import static io.mailflow.dsn.DsnFixtures.NOW;
import static io.mailflow.dsn.DsnFixtures.bounce;
import static io.mailflow.dsn.DsnFixtures.failed;
import static io.mailflow.dsn.DsnFixtures.raw;
import static io.mailflow.dsn.DsnFixtures.report;
import static io.mailflow.dsn.DsnFixtures.request;
import static io.mailflow.dsn.DsnFixtures.statusGroups;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFieldsTest {

    private static List<InternetHeaders> groupsOf(DsnRequest request) throws Exception {
        return statusGroups(DeliveryStatusNotification.compose(request, NOW, MESSAGE_ID));
    }

    @Test
    void composeShouldWritePerMessageFields() throws Exception {
        DsnRequest request = new DsnRequest("mx.gateway.example", "postmaster@gateway.example", "alice@client.example",
                "QQ314159", ARRIVAL, List.of(failed("bob@remote.example", "5.1.1", null)), false,
                DsnFixtures.ORIGINAL, "");

        InternetHeaders perMessage = groupsOf(request).getFirst();

        assertThat(perMessage.getHeader("Reporting-MTA", null)).isEqualTo("dns; mx.gateway.example");
        assertThat(perMessage.getHeader("Original-Envelope-Id", null)).isEqualTo("QQ314159");
        assertThat(perMessage.getHeader("Arrival-Date", null)).isEqualTo("Tue, 3 Jun 2025 10:00:00 +0000");
    }

    @Test
    void composeShouldWriteOneGroupPerRecipientWithEveryGivenField() throws Exception {
        RecipientReport withOrcpt = new RecipientReport("bob@remote.example", "rfc822;Bob@Remote.example",
                DsnAction.FAILED, "5.1.1", "mx.remote.example", "550 5.1.1 No such user", LAST_ATTEMPT, null);
        RecipientReport expired = new RecipientReport("carol@far.example", null, DsnAction.FAILED, "4.4.7", null,
                "550 4.4.7 QUEUE.Expired; message expired", null, null);

        List<InternetHeaders> groups = groupsOf(request(false, withOrcpt, expired));

        assertThat(groups).hasSize(3);
        InternetHeaders bob = groups.get(1);
        assertThat(bob.getHeader("Original-Recipient", null)).isEqualTo("rfc822;Bob@Remote.example");
        assertThat(bob.getHeader("Final-Recipient", null)).isEqualTo("rfc822; bob@remote.example");
        assertThat(bob.getHeader("Action", null)).isEqualTo("failed");
        assertThat(bob.getHeader("Status", null)).isEqualTo("5.1.1");
        assertThat(bob.getHeader("Remote-MTA", null)).isEqualTo("dns; mx.remote.example");
        assertThat(bob.getHeader("Diagnostic-Code", null)).isEqualTo("smtp; 550 5.1.1 No such user");
        assertThat(bob.getHeader("Last-Attempt-Date", null)).isEqualTo("Tue, 3 Jun 2025 10:04:00 +0000");
        assertThat(bob.getHeader("Will-Retry-Until")).isNull();
        InternetHeaders carol = groups.get(2);
        assertThat(carol.getHeader("Final-Recipient", null)).isEqualTo("rfc822; carol@far.example");
        assertThat(carol.getHeader("Status", null)).isEqualTo("4.4.7");
        assertThat(carol.getHeader("Diagnostic-Code", null))
                .isEqualTo("smtp; 550 4.4.7 QUEUE.Expired; message expired");
    }

    @Test
    void composeShouldLeaveOutFieldsThatWereNotGiven() throws Exception {
        RecipientReport bare = new RecipientReport("bob@remote.example", null, DsnAction.FAILED, "5.4.1", null,
                null, null, null);

        List<InternetHeaders> groups = groupsOf(request(false, bare));

        assertThat(groups.getFirst().getHeader("Original-Envelope-Id")).isNull();
        for (String absent : List.of("Original-Recipient", "Remote-MTA", "Diagnostic-Code", "Last-Attempt-Date",
                "Will-Retry-Until")) {
            assertThat(groups.get(1).getHeader(absent)).as(absent).isNull();
        }
    }

    @Test
    void composeShouldDecodeXtextOfOriginalRecipient() throws Exception {
        RecipientReport r = new RecipientReport("bob+tag@remote.example", "rfc822;bob+2Btag@remote.example",
                DsnAction.FAILED, "5.1.1", null, null, null, null);

        InternetHeaders group = groupsOf(request(false, r)).get(1);

        assertThat(group.getHeader("Original-Recipient", null)).isEqualTo("rfc822;bob+tag@remote.example");
    }

    @Test
    void composeShouldWriteUtf8AddressTypeWhenRecipientIsNotAscii() throws Exception {
        RecipientReport r = new RecipientReport("jörg@bücher.example", "utf-8;j+C3+B6rg@b+C3+BCcher.example",
                DsnAction.FAILED, "5.1.1", null, null, null, null);

        InternetHeaders group = groupsOf(request(false, r)).get(1);

        assertThat(group.getHeader("Final-Recipient", null)).isEqualTo("utf-8; j\\x{F6}rg@b\\x{FC}cher.example");
        assertThat(group.getHeader("Original-Recipient", null)).isEqualTo("utf-8;j\\x{F6}rg@b\\x{FC}cher.example");
    }

    @Test
    void composeShouldKeepDeliveryStatusUsAsciiWhenDiagnosticIsNot() throws Exception {
        byte[] dsn = DeliveryStatusNotification.compose(request(false,
                failed("bob@remote.example", "5.1.1", "550 5.1.1 Empfänger unbekannt\r\n")), NOW, MESSAGE_ID);

        byte[] status = raw(report(dsn).getBodyPart(1));

        for (byte b : status) {
            assertThat(b & 0xFF).isLessThan(128);
        }
        assertThat(statusGroups(dsn).get(1).getHeader("Diagnostic-Code", null))
                .isEqualTo("smtp; 550 5.1.1 Empf?nger unbekannt");
        assertThat(DsnFixtures.noticeText(dsn)).contains("550 5.1.1 Empfänger unbekannt");
    }

    @Test
    void composeShouldFoldLongDiagnosticCodeAndKeepItsWords() throws Exception {
        String words = "Message rejected because the sending server is listed on several block lists ".repeat(30);
        byte[] dsn = DeliveryStatusNotification.compose(request(false,
                failed("bob@remote.example", "5.7.1", "554 5.7.1 " + words)), NOW, MESSAGE_ID);

        String folded = statusGroups(dsn).get(1).getHeader("Diagnostic-Code", null);

        assertThat(folded).contains("\r\n ");
        assertThat(MimeUtility.unfold(folded)).isEqualTo("smtp; 554 5.7.1 " + words.strip());
        assertThat(DsnFixtures.lines(raw(report(dsn).getBodyPart(1))))
                .allSatisfy(line -> assertThat(line.length).isLessThanOrEqualTo(78));
    }

    @Test
    void composeShouldWriteOneGroupForOneRecipient() throws Exception {
        assertThat(groupsOf(bounce())).hasSize(2);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"mx.remote.example:25, mx.remote.example", "127.0.0.1:2601, 127.0.0.1",
        "lmtp:127.0.0.1:24, 127.0.0.1", "[2001:db8::1]:25, [2001:db8::1]", "2001:db8::1, 2001:db8::1",
        "mx.remote.example, mx.remote.example"})
    void remoteMtaShouldNameTheHostWithoutPortOrTransport(String remote, String expected) throws Exception {
        RecipientReport r = new RecipientReport("bob@remote.example", null, DsnAction.FAILED, "5.1.1", remote,
                "550 5.1.1 No such user", LAST_ATTEMPT, null);
        assertThat(groupsOf(request(false, r)).get(1).getHeader("Remote-MTA", null)).isEqualTo("dns; " + expected);
    }
}
