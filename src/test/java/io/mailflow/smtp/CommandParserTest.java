package io.mailflow.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.mailflow.model.EmailAddress;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

    private static SmtpCommand ok(String line) {
        CommandParser.Result r = CommandParser.parse(line);
        if (r instanceof CommandParser.Result.Error e) {
            fail("'%s' should parse, but got %s", line, e.reply().text());
        }
        return ((CommandParser.Result.Ok) r).command();
    }

    private static Reply error(String line) {
        CommandParser.Result r = CommandParser.parse(line);
        if (r instanceof CommandParser.Result.Ok o) {
            fail("'%s' should be refused, but parsed as %s", line, o.command());
        }
        return ((CommandParser.Result.Error) r).reply();
    }

    private static void assertRefused(String line, int code, String enhancedCode) {
        Reply reply = error(line);
        assertThat(reply.code()).as(line).isEqualTo(code);
        assertThat(reply.enhancedCode()).as(line).isEqualTo(enhancedCode);
    }

    private static SmtpCommand.Mail mail(String line) {
        return (SmtpCommand.Mail) ok(line);
    }

    private static SmtpCommand.Rcpt rcpt(String line) {
        return (SmtpCommand.Rcpt) ok(line);
    }

    // --- verbs

    @ParameterizedTest
    @ValueSource(strings = {"XYZZY", "", "MAILFROM:<a@b.example>", "HELLO client.example", "EHL0 x", " EHLO x", "QUITT"})
    void parseShouldReply500WhenVerbIsUnknown(String line) {
        assertRefused(line, 500, "5.5.2");
    }

    @Test
    void parseShouldRecognizeVerbsWhateverTheirCase() {
        assertThat(ok("ehlo client.example")).isEqualTo(new SmtpCommand.Ehlo("client.example"));
        assertThat(ok("Helo client.example")).isEqualTo(new SmtpCommand.Helo("client.example"));
        assertThat(mail("mail from:<a@b.example>").path().address()).isEqualTo(new EmailAddress("a", "b.example"));
        assertThat(rcpt("rCpT To:<c@d.example>").path().address()).isEqualTo(new EmailAddress("c", "d.example"));
        assertThat(ok("dAtA")).isEqualTo(new SmtpCommand.Data());
        assertThat(ok("bdat 5 last")).isEqualTo(new SmtpCommand.Bdat(5, true));
        assertThat(ok("quit").verb()).isEqualTo(SmtpVerb.QUIT);
        assertThat(ok("rset").verb()).isEqualTo(SmtpVerb.RSET);
        assertThat(ok("starttls").verb()).isEqualTo(SmtpVerb.STARTTLS);
    }

    // Unicode case folding would turn these into ASCII command words: dotless \u0131 -> I, long s \u017f -> S,
    // ligature \ufb06 -> ST. Only ASCII letters compare case-insensitively (RFC 5321 §2.4).
    @ParameterizedTest
    @ValueSource(strings = {"ma\u0131l FROM:<a@b.example>", "\u017ftarttls", "\ufb06arttls", "r\u017fet", "qu\u0131t",
        "MA\u0130L FROM:<a@b.example>"})
    void parseShouldReply500WhenVerbHoldsNonAsciiLetters(String line) {
        assertRefused(line, 500, "5.5.2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAIL FROM:<a@b.example> \u017fIZE=100", "MAIL FROM:<a@b.example> \u017fmtputf8",
        "MAIL FROM:<a@b.example> ENV\u0131D=x", "MAIL FROM:<a@b.example> RET=HDR\u017f", "RCPT TO:<a@b.example> NOT\u0131FY=NEVER",
        "RCPT TO:<a@b.example> NOTIFY=\u017fUCCESS", "BDAT 5 LA\u017fT", "AUTH PLA\u0131N", "RCPT TO:<po\u017ftmaster>",
        "RCPT TO:<a@[\u0131Pv6:::1]>"})
    void parseShouldReply501WhenKeywordHoldsNonAsciiLetters(String line) {
        assertThat(error(line).code()).as(line).isEqualTo(501);
    }

    @Test
    void parseShouldReply555WhenBodyTypeHoldsNonAsciiLetters() {
        assertRefused("MAIL FROM:<a@b.example> BODY=8B\u0131TMIME", 555, "5.5.4");
    }

    // --- HELO / EHLO

    @Test
    void parseShouldTakeHostArgumentWhenHeloOrEhloHasOne() {
        assertThat(ok("HELO client.example")).isEqualTo(new SmtpCommand.Helo("client.example"));
        assertThat(ok("EHLO client.example")).isEqualTo(new SmtpCommand.Ehlo("client.example"));
        assertThat(ok("EHLO [192.0.2.1]")).isEqualTo(new SmtpCommand.Ehlo("[192.0.2.1]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HELO", "EHLO", "HELO ", "EHLO   ", "EHLO two words"})
    void parseShouldReply501WhenHeloOrEhloLacksSingleHostArgument(String line) {
        assertRefused(line, 501, "5.5.4");
    }

    // --- MAIL

    @Test
    void parseShouldParseMailFromWhenPathFollowsColon() {
        SmtpCommand.Mail m = mail("MAIL FROM:<alice@example.com>");

        assertThat(m.path().address()).isEqualTo(new EmailAddress("alice", "example.com"));
        assertThat(m.path().isNull()).isFalse();
        assertThat(m.path().isSenderRouted()).isFalse();
        assertThat(m.path().utf8()).isFalse();
        assertThat(m.parameters()).isEqualTo(MailParameters.NONE);
    }

    @Test
    void parseShouldAcceptSpaceAfterColonInMailFrom() {
        assertThat(mail("MAIL FROM: <alice@example.com>").path().address()).isEqualTo(new EmailAddress("alice", "example.com"));
        assertThat(mail("MAIL FROM: <alice@example.com> SIZE=10").parameters().size()).isEqualTo(10);
    }

    @Test
    void parseShouldParseNullReversePathWhenMailFromIsEmpty() {
        SmtpCommand.Mail m = mail("MAIL FROM:<>");

        assertThat(m.path().isNull()).isTrue();
        assertThat(m.path().address()).isNull();
        assertThat(m.path().toPathString()).isEqualTo("<>");
        assertThat(mail("MAIL FROM:<> SIZE=100 RET=HDRS").path().isNull()).isTrue();
    }

    @Test
    void parseShouldParseEveryMailParameterWhenAllAreGiven() {
        MailParameters p = mail("MAIL FROM:<a@b.example> SIZE=12345 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=QQ+2B314").parameters();

        assertThat(p.size()).isEqualTo(12345);
        assertThat(p.body()).isEqualTo(BodyType.EIGHT_BIT_MIME);
        assertThat(p.smtpUtf8()).isTrue();
        assertThat(p.ret()).isEqualTo(DsnRet.HDRS);
        assertThat(p.envid()).as("ENVID is xtext-decoded").isEqualTo("QQ+314");
    }

    @Test
    void parseShouldAcceptParameterKeywordsAndValuesWhateverTheirCase() {
        MailParameters p = mail("MAIL FROM:<a@b.example> size=7 body=7bit ret=full smtputf8").parameters();

        assertThat(p.size()).isEqualTo(7);
        assertThat(p.body()).isEqualTo(BodyType.SEVEN_BIT);
        assertThat(p.ret()).isEqualTo(DsnRet.FULL);
        assertThat(p.smtpUtf8()).isTrue();
    }

    @Test
    void parseShouldLeaveMailParametersUnsetWhenNotGiven() {
        MailParameters p = mail("MAIL FROM:<a@b.example>").parameters();

        assertThat(p.size()).isEqualTo(-1);
        assertThat(p.body()).isNull();
        assertThat(p.smtpUtf8()).isFalse();
        assertThat(p.ret()).isNull();
        assertThat(p.envid()).isNull();
        assertThat(p.auth()).isNull();
    }

    @Test
    void parseShouldTolerateExtraSpacesBetweenParameters() {
        MailParameters p = mail("MAIL FROM:<a@b.example>  SIZE=5   BODY=7BIT ").parameters();

        assertThat(p.size()).isEqualTo(5);
        assertThat(p.body()).isEqualTo(BodyType.SEVEN_BIT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BODY=BINARYMIME", "BODY=8bit", "BODY=binarymime"})
    void parseShouldReply555WhenBodyTypeIsNotOffered(String parameter) {
        assertRefused("MAIL FROM:<a@b.example> " + parameter, 555, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO=bar", "XFORWARD", "NOTIFY=NEVER", "ORCPT=rfc822;a@b.example", "X-Y=1"})
    void parseShouldReply555WhenMailParameterIsUnknown(String parameter) {
        assertRefused("MAIL FROM:<a@b.example> " + parameter, 555, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIZE=1 SIZE=2", "size=1 SIZE=1", "SMTPUTF8 SMTPUTF8", "BODY=7BIT body=8BITMIME",
        "RET=FULL RET=HDRS", "ENVID=a ENVID=b"})
    void parseShouldReply501WhenMailParameterIsGivenTwice(String parameters) {
        assertRefused("MAIL FROM:<a@b.example> " + parameters, 501, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIZE=abc", "SIZE=", "SIZE", "SIZE=-1", "SIZE=1e6", "SIZE=1234567890123456789",
        "SIZE=\u0661\u0660\u0660", "SMTPUTF8=yes", "RET=NEVER", "RET", "ENVID=", "ENVID", "ENVID=a=b",
        "ENVID=+2b", "ENVID=+2", "ENVID=é", "=5"})
    void parseShouldReply501WhenMailParameterValueIsMalformed(String parameter) {
        assertRefused("MAIL FROM:<a@b.example> " + parameter, 501, "5.5.4");
    }

    @Test
    void parseShouldReply501WhenParametersAreNotSeparatedFromPathBySpace() {
        assertRefused("MAIL FROM:<a@b.example>SIZE=10", 501, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAIL", "MAIL TO:<a@b.example>", "MAIL <a@b.example>", "MAIL FROM<a@b.example>"})
    void parseShouldReply501WhenMailLacksFromKeyword(String line) {
        assertRefused(line, 501, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAIL FROM:", "MAIL FROM:a@b.example", "MAIL FROM:<a@b.example", "MAIL FROM:<a>",
        "MAIL FROM:<@b.example>", "MAIL FROM:<a@>", "MAIL FROM:<a@b..example>", "MAIL FROM:<a b@c.example>",
        "MAIL FROM:<.a@b.example>", "MAIL FROM:<a..b@c.example>", "MAIL FROM:<\"unterminated@b.example>",
        "MAIL FROM:<a@b_c.example>", "MAIL FROM:<a@b@c.example>"})
    void parseShouldReply501Code517WhenSenderAddressIsMalformed(String line) {
        assertRefused(line, 501, "5.1.7");
    }

    @Test
    void parseShouldAcceptSourceRouteInMailFromAndMarkItSenderRouted() {
        SmtpPath path = mail("MAIL FROM:<@relay.example:a@b.example>").path();

        assertThat(path.address()).isEqualTo(new EmailAddress("a", "b.example"));
        assertThat(path.isSenderRouted()).isTrue();
    }

    // --- RCPT

    @Test
    void parseShouldParseRcptToWhenPathFollowsColon() {
        SmtpCommand.Rcpt r = rcpt("RCPT TO:<Bob@Example.COM>");

        assertThat(r.path().address().localPart()).as("the local part is kept as written").isEqualTo("Bob");
        assertThat(r.path().address().domain()).as("the domain is normalised").isEqualTo("example.com");
        assertThat(r.path().isSenderRouted()).isFalse();
        assertThat(r.parameters()).isEqualTo(RcptParameters.NONE);
        assertThat(rcpt("RCPT TO: <bob@example.com>").path().address()).isEqualTo(new EmailAddress("bob", "example.com"));
    }

    @Test
    void parseShouldParseNotifyAndXtextDecodedOrcptWhenRcptHasDsnParameters() {
        RcptParameters p = rcpt("RCPT TO:<a+b@x.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+2Bb@x.example").parameters();

        assertThat(p.dsnNotify()).containsExactlyInAnyOrder(DsnNotify.SUCCESS, DsnNotify.FAILURE);
        assertThat(p.orcptType()).isEqualTo("rfc822");
        assertThat(p.orcpt()).isEqualTo("a+b@x.example");
    }

    @Test
    void parseShouldAcceptNotifyValuesWhateverTheirCaseAndOrder() {
        assertThat(rcpt("RCPT TO:<a@x.example> notify=delay,Failure,SUCCESS").parameters().dsnNotify())
                .isEqualTo(EnumSet.of(DsnNotify.DELAY, DsnNotify.FAILURE, DsnNotify.SUCCESS));
        assertThat(rcpt("RCPT TO:<a@x.example> NOTIFY=NEVER").parameters().dsnNotify()).isEqualTo(Set.of(DsnNotify.NEVER));
    }

    @Test
    void parseShouldLowerCaseOrcptTypeAndAcceptUtf8Type() {
        assertThat(rcpt("RCPT TO:<a@x.example> ORCPT=RFC822;a@x.example").parameters().orcptType()).isEqualTo("rfc822");
        assertThat(rcpt("RCPT TO:<a@x.example> ORCPT=utf-8;a@x.example").parameters().orcptType()).isEqualTo("utf-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOTIFY=NEVER,SUCCESS", "NOTIFY=FAILURE,NEVER", "NOTIFY=NEVER,DELAY,FAILURE"})
    void parseShouldReply501WhenNotifyCombinesNeverWithOtherValues(String parameter) {
        assertRefused("RCPT TO:<a@x.example> " + parameter, 501, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOTIFY=ALWAYS", "NOTIFY=", "NOTIFY", "NOTIFY=SUCCESS,,FAILURE", "NOTIFY=SUCCESS,",
        "NOTIFY=SUCCESS,SUCCESS", "NOTIFY=success,SUCCESS", "NOTIFY=SUCCESS;FAILURE"})
    void parseShouldReply501WhenNotifyValueIsBad(String parameter) {
        assertRefused("RCPT TO:<a@x.example> " + parameter, 501, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ORCPT=a@x.example", "ORCPT=;a@x.example", "ORCPT=rfc822;", "ORCPT", "ORCPT=",
        "ORCPT=x400;a@x.example", "ORCPT=rfc822;a+2bb@x.example", "ORCPT=rfc822;a+2", "ORCPT=rfc822;a=b@x.example"})
    void parseShouldReply501WhenOrcptIsMalformed(String parameter) {
        assertRefused("RCPT TO:<a@x.example> " + parameter, 501, "5.5.4");
    }

    @Test
    void parseShouldReply501WhenRcptParameterIsGivenTwice() {
        assertRefused("RCPT TO:<a@x.example> NOTIFY=NEVER NOTIFY=NEVER", 501, "5.5.4");
        assertRefused("RCPT TO:<a@x.example> ORCPT=rfc822;a@x.example orcpt=rfc822;b@x.example", 501, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIZE=100", "BODY=8BITMIME", "SMTPUTF8", "RET=FULL", "FOO"})
    void parseShouldReply555WhenRcptParameterIsUnknown(String parameter) {
        assertRefused("RCPT TO:<a@x.example> " + parameter, 555, "5.5.4");
    }

    @Test
    void parseShouldReply501Code513WhenRcptPathIsEmpty() {
        assertRefused("RCPT TO:<>", 501, "5.1.3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RCPT TO:", "RCPT TO:a@x.example", "RCPT TO:<a@x.example", "RCPT TO:<a>", "RCPT TO:<a@>",
        "RCPT TO:<@x.example>", "RCPT TO:<a b@x.example>", "RCPT TO:<postmaster@>", "RCPT TO:<postmasters>"})
    void parseShouldReply501Code513WhenRecipientAddressIsMalformed(String line) {
        assertRefused(line, 501, "5.1.3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RCPT", "RCPT <a@x.example>", "RCPT FROM:<a@x.example>", "RCPT TO<a@x.example>"})
    void parseShouldReply501WhenRcptLacksToKeyword(String line) {
        assertRefused(line, 501, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RCPT TO:<Postmaster>", "RCPT TO:<postmaster>", "RCPT TO:<POSTMASTER>", "RCPT TO: <Postmaster>"})
    void parseShouldGiveNullPathWhenRcptIsUnqualifiedPostmaster(String line) {
        SmtpCommand.Rcpt r = rcpt(line);

        assertThat(r.path().isNull()).isTrue();
        assertThat(r.parameters()).isEqualTo(RcptParameters.NONE);
    }

    @Test
    void parseShouldParseParametersWhenRcptIsUnqualifiedPostmaster() {
        SmtpCommand.Rcpt r = rcpt("RCPT TO:<Postmaster> NOTIFY=NEVER");

        assertThat(r.path().isNull()).isTrue();
        assertThat(r.parameters().dsnNotify()).containsExactly(DsnNotify.NEVER);
        assertRefused("RCPT TO:<Postmaster> FOO", 555, "5.5.4");
    }

    @Test
    void parseShouldGiveAddressWhenRcptIsQualifiedPostmaster() {
        SmtpPath path = rcpt("RCPT TO:<postmaster@x.example>").path();

        assertThat(path.isNull()).isFalse();
        assertThat(path.address()).isEqualTo(new EmailAddress("postmaster", "x.example"));
    }

    @Test
    void parseShouldParseSourceRouteAndMarkItSenderRouted() {
        SmtpPath path = rcpt("RCPT TO:<@x.example,@y.example:a@b.example>").path();

        assertThat(path.address()).isEqualTo(new EmailAddress("a", "b.example"));
        assertThat(path.sourceRoute()).isNotEmpty();
        assertThat(path.isSenderRouted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RCPT TO:<@:a@b.example>", "RCPT TO:<@x.example,y.example:a@b.example>",
        "RCPT TO:<@x.example,:a@b.example>", "RCPT TO:<@x.example a@b.example>",
        "RCPT TO:<@x.example> NOTIFY=NEVER:a@b.example>", "RCPT TO:<@x_y:a@b.example>"})
    void parseShouldReply501WhenSourceRouteIsMalformed(String line) {
        assertRefused(line, 501, "5.1.3");
    }

    @Test
    void parseShouldReply501WhenSourceRouteInMailFromHidesParameters() {
        assertRefused("MAIL FROM:<@x.example> SIZE=999999999999:a@b.example>", 501, "5.1.7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a%b@c.example", "b!a@c.example", "a%b%c@d.example", "\"a@b.example\"@c.example",
        "\"a%b\"@c.example"})
    void parseShouldAcceptRoutingLocalPartAndMarkItSenderRouted(String address) {
        SmtpPath path = rcpt("RCPT TO:<" + address + ">").path();

        assertThat(path.isSenderRouted()).as(address).isTrue();
        assertThat(path.sourceRoute()).isEmpty();
    }

    @Test
    void parseShouldKeepQuotedAtSignVisibleInLocalPart() {
        SmtpPath path = rcpt("RCPT TO:<\"a@b.example\"@c.example>").path();

        assertThat(path.address().localPart()).isEqualTo("\"a@b.example\"");
        assertThat(path.address().domain()).isEqualTo("c.example");
    }

    @Test
    void parseShouldCanonicaliseQuotedDotAtomToUnquotedForm() {
        SmtpPath quoted = rcpt("RCPT TO:<\"alice\"@x.example>").path();
        SmtpPath plain = rcpt("RCPT TO:<alice@x.example>").path();

        assertThat(quoted.address()).isEqualTo(plain.address());
        assertThat(quoted.address().localPart()).isEqualTo("alice");
        assertThat(quoted.isSenderRouted()).isFalse();
        assertThat(rcpt("RCPT TO:<\"first.last\"@x.example>").path().address().localPart()).isEqualTo("first.last");
    }

    @Test
    void parseShouldKeepQuotesWhenQuotedLocalPartIsNotDotAtom() {
        assertThat(rcpt("RCPT TO:<\"john doe\"@x.example>").path().address().localPart()).isEqualTo("\"john doe\"");
        assertThat(rcpt("RCPT TO:<\"a\\\"b\"@x.example>").path().address().localPart()).isEqualTo("\"a\\\"b\"");
        assertThat(rcpt("RCPT TO:<\"a\\\\b\"@x.example>").path().address().localPart()).isEqualTo("\"a\\\\b\"");
        assertThat(rcpt("RCPT TO:<\"\\x\"@x.example>").path().address().localPart()).as("a needless quoted pair")
                .isEqualTo("x");
    }

    @Test
    void parseShouldAcceptAddressLiteralWhenItIsAnIpAddress() {
        assertThat(rcpt("RCPT TO:<a@[192.0.2.1]>").path().address()).isEqualTo(new EmailAddress("a", "[192.0.2.1]"));
        assertThat(rcpt("RCPT TO:<a@[IPv6:2001:db8::1]>").path().address().domain()).isEqualToIgnoringCase("[IPv6:2001:db8::1]");
        assertThat(mail("MAIL FROM:<a@[192.0.2.1]>").path().address().domain()).isEqualTo("[192.0.2.1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@[999.1.1.1]", "a@[192.0.2]", "a@[foo.example]", "a@[]", "a@[192.0.2.1", "a@[IPv6:zz::1]"})
    void parseShouldReply501WhenAddressLiteralIsNotAnIpAddress(String address) {
        assertRefused("RCPT TO:<" + address + ">", 501, "5.1.3");
        assertRefused("MAIL FROM:<" + address + ">", 501, "5.1.7");
    }

    @Test
    void parseShouldAcceptLocalPartOf64Octets() {
        String local = "l".repeat(64);

        assertThat(rcpt("RCPT TO:<" + local + "@x.example>").path().address().localPart()).isEqualTo(local);
    }

    @ParameterizedTest
    @ValueSource(strings = {"65 ASCII", "33 two-octet", "quoted"})
    void parseShouldRejectLocalPartLongerThan64Octets(String kind) {
        String local = switch (kind) {
            case "65 ASCII" -> "l".repeat(65);
            case "33 two-octet" -> "ö".repeat(33); // 33 characters, 66 octets
            default -> "\"" + "q q".repeat(21) + "\""; // 65 octets with its quotes
        };

        assertRefused("RCPT TO:<" + local + "@x.example>", 501, "5.1.3");
        assertRefused("MAIL FROM:<" + local + "@x.example>", 501, "5.1.7");
    }

    @Test
    void parseShouldRejectPathLongerThan256Octets() {
        String domain = ("d".repeat(60) + ".").repeat(3) + "d".repeat(60) + ".example"; // 251 octets
        assertThat(domain).hasSize(251);

        assertThat(rcpt("RCPT TO:<a@" + domain + ">").path().address().domain()).isEqualTo(domain);
        assertRefused("RCPT TO:<" + "a".repeat(10) + "@" + domain + ">", 501, "5.1.3");
    }

    @Test
    void parseShouldMarkPathUtf8WhenAddressHoldsNonAsciiCharacters() {
        SmtpPath path = rcpt("RCPT TO:<jörg@例え.jp>").path();

        assertThat(path.utf8()).isTrue();
        assertThat(path.address().localPart()).isEqualTo("jörg");
        assertThat(path.address().domain()).as("IDNs compare as A-labels").isEqualTo("xn--r8jz45g.jp");
        assertThat(rcpt("RCPT TO:<jörg@example.jp>").path().utf8()).isTrue();
        assertThat(rcpt("RCPT TO:<joerg@例え.jp>").path().utf8()).isTrue();
        assertThat(mail("MAIL FROM:<jörg@example.jp> SMTPUTF8").path().utf8()).isTrue();
        assertThat(rcpt("RCPT TO:<joerg@example.jp>").path().utf8()).isFalse();
    }

    // --- DATA, BDAT and the simple commands

    @Test
    void parseShouldParseDataWhenItHasNoArgument() {
        assertThat(ok("DATA")).isEqualTo(new SmtpCommand.Data());
        assertThat(ok("DATA ")).isEqualTo(new SmtpCommand.Data());
    }

    @ParameterizedTest
    @ValueSource(strings = {"DATA x", "DATA 100", "RSET now", "QUIT please", "STARTTLS x"})
    void parseShouldReply501WhenCommandThatTakesNoArgumentHasOne(String line) {
        assertRefused(line, 501, "5.5.4");
    }

    @Test
    void parseShouldParseBdatSizeAndLast() {
        assertThat(ok("BDAT 100 LAST")).isEqualTo(new SmtpCommand.Bdat(100, true));
        assertThat(ok("BDAT 100")).isEqualTo(new SmtpCommand.Bdat(100, false));
        assertThat(ok("BDAT 0 LAST")).isEqualTo(new SmtpCommand.Bdat(0, true));
        assertThat(ok("BDAT 100 last")).isEqualTo(new SmtpCommand.Bdat(100, true));
        assertThat(ok("BDAT 000000000000000042")).isEqualTo(new SmtpCommand.Bdat(42, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"BDAT x", "BDAT", "BDAT ", "BDAT -1", "BDAT +1", "BDAT 1.5", "BDAT 100 NOW", "BDAT 100 LAST x",
        "BDAT LAST", "BDAT LAST 100", "BDAT 1234567890123456789", "BDAT \u0661\u0660\u0660", "BDAT \uFF11\uFF10\uFF10 LAST"})
    void parseShouldReply501WhenBdatArgumentIsMalformed(String line) {
        assertRefused(line, 501, "5.5.4");
    }

    @Test
    void parseShouldKeepArgumentWhenVrfyNoopExpnOrHelpHasOne() {
        assertThat(ok("VRFY postmaster")).isEqualTo(new SmtpCommand.Simple(SmtpVerb.VRFY, "postmaster"));
        assertThat(ok("NOOP hello there")).isEqualTo(new SmtpCommand.Simple(SmtpVerb.NOOP, "hello there"));
        assertThat(ok("EXPN staff")).isEqualTo(new SmtpCommand.Simple(SmtpVerb.EXPN, "staff"));
        assertThat(ok("HELP MAIL")).isEqualTo(new SmtpCommand.Simple(SmtpVerb.HELP, "MAIL"));
        assertThat(ok("NOOP")).isEqualTo(new SmtpCommand.Simple(SmtpVerb.NOOP, ""));
    }

    @Test
    void parseShouldParseSimpleCommandsWithoutArgument() {
        assertThat(ok("RSET")).isEqualTo(new SmtpCommand.Simple(SmtpVerb.RSET, ""));
        assertThat(ok("QUIT")).isEqualTo(new SmtpCommand.Simple(SmtpVerb.QUIT, ""));
        assertThat(ok("STARTTLS")).isEqualTo(new SmtpCommand.Simple(SmtpVerb.STARTTLS, ""));
    }

    @Test
    void parseShouldParseAuthMechanismAndInitialResponse() {
        assertThat(ok("AUTH PLAIN AGFsaWNlAHNlY3JldA==")).isEqualTo(new SmtpCommand.Auth("PLAIN", "AGFsaWNlAHNlY3JldA=="));
        assertThat(ok("auth login")).isEqualTo(new SmtpCommand.Auth("LOGIN", null));
        assertRefused("AUTH", 501, "5.5.4");
        assertRefused("AUTH PLAIN a b", 501, "5.5.4");
    }
}
