package io.mailflow.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.queue.Delivery;
import io.mailflow.queue.DeliveryRecipient;
import io.mailflow.queue.RecipientOutcome;
import io.mailflow.message.MessageContent;
import io.mailflow.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirDeliveryTest {

    @TempDir
    Path root;

    private static Delivery delivery(String queueId, String... recipients) {
        return delivery(queueId, false, recipients);
    }

    private static Delivery delivery(String queueId, boolean repeated, String... recipients) {
        StoredMessage m = new StoredMessage(queueId, Instant.parse("2026-11-27T10:00:00Z"), "sender@example.com", 20, "", "",
                "127.0.0.1", Map.of());
        List<DeliveryRecipient> r = Stream.of(recipients).map(a -> new DeliveryRecipient(0, a, null, null)).toList();
        return new Delivery(m, "mailbox:alice@contoso.test", r,
                MessageContent.ofBytes("Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8)), repeated);
    }

    @Test
    void messageShouldLandInNewWithReturnPathAndNothingLeftInTmp() throws Exception {
        MaildirDelivery maildir = new MaildirDelivery(root, "mail.contoso.test");
        List<RecipientOutcome> out = maildir.deliver(delivery("01M8ABCDEF0000", "alice.smith@contoso.test"), "alice@contoso.test");
        assertThat(out).singleElement().isInstanceOf(RecipientOutcome.Delivered.class);
        Path dir = root.resolve("alice@contoso.test/Maildir");
        assertThat(Files.list(dir.resolve("tmp"))).isEmpty();
        assertThat(Files.isDirectory(dir.resolve("cur"))).isTrue();
        List<Path> files = Files.list(dir.resolve("new")).toList();
        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.getFileName().toString()).isEqualTo("1795773600.Q01M8ABCDEF0000.mail.contoso.test,S=91");
            assertThat(Files.readString(f)).isEqualTo("Return-Path: <sender@example.com>\n"
                    + "Delivered-To: alice.smith@contoso.test\nSubject: hi\n\nbody\n");
        });
    }

    @Test
    void messageShouldBeWrittenWithLfLineEndingsKeepingBareCrWhenItIsLargerThanOneBlock() throws Exception {
        // the CR of a CRLF ends each of the first two 64 KiB blocks read: "x...x\r" | "\n..."
        String text = "Subject: big\r\n\r\n" + "x".repeat(65536 - 16 - 1) + "\r\n" + "y".repeat(65536 - 2) + "\r\n"
                + "bare\rcr\r\nlast\r";
        StoredMessage m = new StoredMessage("01M8ABCDEF0007", Instant.parse("2026-11-27T10:00:00Z"), "s@example.com", 20, "", "",
                "127.0.0.1", Map.of());
        Path spilled = root.resolve("spill.eml");
        Files.writeString(spilled, text);
        Delivery d = new Delivery(m, "mailbox:alice@contoso.test", List.of(new DeliveryRecipient(0, "alice@contoso.test", null, null)),
                MessageContent.ofFile(spilled, Files.size(spilled)), false);
        new MaildirDelivery(root, "mail.contoso.test").deliver(d, "alice@contoso.test");
        Path file = Files.list(root.resolve("alice@contoso.test/Maildir/new")).findFirst().orElseThrow();
        String expected = "Return-Path: <s@example.com>\nDelivered-To: alice@contoso.test\n"
                + text.replace("\r\n", "\n");
        assertThat(Files.readString(file)).isEqualTo(expected).endsWith("bare\rcr\nlast\r");
        assertThat(file.getFileName().toString()).endsWith(",S=" + expected.length()).endsWith(",S=" + Files.size(file));
    }

    @Test
    void messageAndMaildirShouldBeReadableByTheOwnerOnly() throws Exception {
        new MaildirDelivery(root.resolve("mailboxes"), "mail.contoso.test")
                .deliver(delivery("01M8ABCDEF0008", "alice@contoso.test"), "alice@contoso.test");
        Path mailbox = root.resolve("mailboxes");
        try (Stream<Path> all = Files.walk(mailbox)) {
            assertThat(all.toList()).hasSize(7).allSatisfy(p -> assertThat(PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------"));
        }
    }

    @Test
    void aRepeatedAttemptShouldNotCreateASecondCopy() throws Exception {
        MaildirDelivery maildir = new MaildirDelivery(root, "mail.contoso.test");
        maildir.deliver(delivery("01M8ABCDEF0001", "alice@contoso.test"), "alice@contoso.test");
        Path dir = root.resolve("alice@contoso.test/Maildir");
        Path first = Files.list(dir.resolve("new")).findFirst().orElseThrow();
        Files.move(first, dir.resolve("cur").resolve(first.getFileName() + ":2,"));
        maildir.deliver(delivery("01M8ABCDEF0001", true, "alice@contoso.test"), "alice@contoso.test");
        assertThat(Files.list(dir.resolve("new"))).isEmpty();
        assertThat(Files.list(dir.resolve("cur"))).hasSize(1);
    }

    @Test
    void folderNamesShouldNeverEscapeTheMailboxRoot() {
        assertThat(MaildirDelivery.folderName("Alice@Contoso.test")).isEqualTo("alice@contoso.test");
        assertThat(MaildirDelivery.folderName("a/b@x.test")).isEqualTo("a%2Fb@x.test");
        assertThat(MaildirDelivery.folderName("..@x.test")).isEqualTo("%2E.@x.test");
        assertThat(MaildirDelivery.folderName("jörg@x.test")).isEqualTo("j%C3%B6rg@x.test");
    }

    @Test
    void unwritableMailboxShouldDeferNotFail() throws Exception {
        Files.writeString(root.resolve("alice@contoso.test"), "a file where the folder should be");
        List<RecipientOutcome> out = new MaildirDelivery(root, "mail.contoso.test")
                .deliver(delivery("01M8ABCDEF0002", "alice@contoso.test"), "alice@contoso.test");
        assertThat(out).singleElement().isInstanceOfSatisfying(RecipientOutcome.Deferred.class,
                d -> assertThat(d.reason()).startsWith("451 4.3.0"));
    }

    @Test
    void aRepeatedAttemptShouldRecogniseItsMessageAfterAReaderFlaggedIt() throws Exception {
        MaildirDelivery maildir = new MaildirDelivery(root, "mail.contoso.test");
        maildir.deliver(delivery("01M8ABCDEF0003", "alice@contoso.test"), "alice@contoso.test");
        Path dir = root.resolve("alice@contoso.test/Maildir");
        Path first = Files.list(dir.resolve("new")).findFirst().orElseThrow();
        Files.move(first, dir.resolve("cur").resolve(first.getFileName() + ":2,RS")); // read and replied to
        maildir.deliver(delivery("01M8ABCDEF0003", true, "alice@contoso.test"), "alice@contoso.test");
        assertThat(Files.list(dir.resolve("new"))).as("not delivered a second time").isEmpty();
    }

    @Test
    void aMailboxFolderRemovedWhileRunningShouldBeMadeAgain() throws Exception {
        MaildirDelivery maildir = new MaildirDelivery(root, "mail.contoso.test");
        maildir.deliver(delivery("01M8ABCDEF0004", "alice@contoso.test"), "alice@contoso.test");
        Path folder = root.resolve("alice@contoso.test");
        try (Stream<Path> all = Files.walk(folder)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        List<RecipientOutcome> out = maildir.deliver(delivery("01M8ABCDEF0005", "alice@contoso.test"), "alice@contoso.test");
        assertThat(out).singleElement().isInstanceOf(RecipientOutcome.Delivered.class);
        assertThat(Files.list(folder.resolve("Maildir/new"))).hasSize(1);
    }

    @Test
    void aWriteThatFailsShouldDeferAndLeaveNothingInTmp() throws Exception {
        StoredMessage m = new StoredMessage("01M8ABCDEF0006", Instant.parse("2026-11-27T10:00:00Z"), "sender@example.com", 20, "", "",
                "127.0.0.1", Map.of());
        MessageContent vanished = MessageContent.ofFile(root.resolve("spool-file-that-is-gone.eml"), 300_000);
        Delivery d = new Delivery(m, "mailbox:alice@contoso.test", List.of(new DeliveryRecipient(0, "alice@contoso.test", null, null)),
                vanished, false);
        List<RecipientOutcome> out = new MaildirDelivery(root, "mail.contoso.test").deliver(d, "alice@contoso.test");
        assertThat(out).singleElement().isInstanceOfSatisfying(RecipientOutcome.Deferred.class,
                x -> assertThat(x.reason()).startsWith("451 4.3.0"));
        assertThat(Files.list(root.resolve("alice@contoso.test/Maildir/tmp"))).isEmpty();
        assertThat(Files.list(root.resolve("alice@contoso.test/Maildir/new"))).isEmpty();
    }
}
