package io.mailflow.deliver;

import io.mailflow.queue.Delivery;
import io.mailflow.queue.DeliveryRecipient;
import io.mailflow.queue.RecipientOutcome;
import io.mailflow.trace.TraceEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a message into a mailbox's Maildir: into {@code tmp/}, fsync, rename into {@code new/},
 * fsync {@code new/}. One file per mailbox per message, whichever of the mailbox's addresses the
 * recipients used.
 */
final class MaildirDelivery {

    private final Path mailboxRoot;
    private final String hostname;
    /** Maildirs known to exist: creating them again costs six system calls per message. */
    private final Set<Path> created = ConcurrentHashMap.newKeySet();

    /**
     * @param mailboxRoot directory holding one folder per mailbox
     * @param hostname this gateway's name, part of every file name
     */
    MaildirDelivery(Path mailboxRoot, String hostname) {
        this.mailboxRoot = mailboxRoot;
        this.hostname = hostname.replace("/", "\\057").replace(":", "\\072");
    }

    /** The Maildir of a mailbox, named by its primary SMTP address. */
    Path maildir(String primaryAddress) {
        return mailboxRoot.resolve(folderName(primaryAddress)).resolve("Maildir");
    }

    List<RecipientOutcome> deliver(Delivery d, String primaryAddress) {
        Path dir = maildir(primaryAddress);
        byte[] header = ("Return-Path: <" + d.message().sender() + ">\r\nDelivered-To: " + d.recipients().getFirst().address()
                + "\r\n").getBytes(StandardCharsets.UTF_8);
        String name = fileName(d, header.length + d.content().size());
        List<RecipientOutcome> out = new ArrayList<>();
        try {
            Path target = dir.resolve("new").resolve(name);
            // Only a repeated attempt can find its own file already there (a crash after the rename).
            boolean done = d.repeated() && (Files.exists(target) || seenByReader(dir, name));
            if (!done) {
                try {
                    write(d, header, dir, name, target);
                } catch (NoSuchFileException gone) {
                    created.remove(dir); // the folder was removed since we made it: make it again, once
                    write(d, header, dir, name, target);
                }
            }
            for (DeliveryRecipient r : d.recipients()) {
                out.add(new RecipientOutcome.Delivered(r.index(), new TraceEvent.Deliver(r.address(), primaryAddress,
                        "new/" + name), RecipientOutcome.Handover.MAILBOX));
            }
        } catch (IOException | UncheckedIOException e) {
            String reason = "451 4.3.0 Mailbox store error: " + e;
            for (DeliveryRecipient r : d.recipients()) {
                out.add(new RecipientOutcome.Deferred(r.index(), reason, null, false, null));
            }
        }
        return out;
    }

    /** A mail reader moves a message to cur/ and adds flags after a colon (":2,S" once seen). */
    private static boolean seenByReader(Path dir, String name) throws IOException {
        Path cur = dir.resolve("cur");
        if (!Files.isDirectory(cur)) {
            return false;
        }
        try (var files = Files.newDirectoryStream(cur, f -> f.getFileName().toString().startsWith(name + ":"))) {
            return files.iterator().hasNext();
        }
    }

    private void write(Delivery d, byte[] header, Path dir, String name, Path target) throws IOException {
        if (!created.contains(dir)) {
            create(dir);
            created.add(dir);
        }
        Path tmp = dir.resolve("tmp").resolve(name);
        try {
            writeFile(d, header, tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(tmp); // a half-written file must not wait in tmp/ for a reader's cleanup
            throw e;
        }
        force(dir.resolve("new")); // the rename itself must survive a crash
    }

    /**
     * Makes the Maildir and syncs every directory it added to its parent: a new mailbox's new/
     * must survive a crash as surely as the message renamed into it.
     */
    private void create(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(p);
        }
        for (String sub : new String[] {"tmp", "new", "cur"}) {
            if (!Files.isDirectory(dir.resolve(sub))) {
                missing.add(dir.resolve(sub));
            }
            Files.createDirectories(dir.resolve(sub));
        }
        for (Path p : missing) {
            force(p.getParent());
        }
    }

    private static void force(Path directory) throws IOException {
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void writeFile(Delivery d, byte[] header, Path tmp) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE); InputStream in = d.content().inMemory() ? null : d.content().open()) {
            if (d.content().inMemory()) {
                ByteBuffer[] body = d.content().buffers();
                ByteBuffer[] all = new ByteBuffer[body.length + 1];
                all[0] = ByteBuffer.wrap(header);
                System.arraycopy(body, 0, all, 1, body.length);
                writeFully(ch, all);
            } else {
                writeFully(ch, new ByteBuffer[] {ByteBuffer.wrap(header)});
                byte[] buf = new byte[64 * 1024];
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    writeFully(ch, new ByteBuffer[] {ByteBuffer.wrap(buf, 0, n)});
                }
            }
            ch.force(true);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer[] buffers) throws IOException {
        while (buffers[buffers.length - 1].hasRemaining()) {
            ch.write(buffers);
        }
    }

    /**
     * {@code <seconds>.Q<queue id>.<host>,S=<file size>}: unique per message, the same on a repeated
     * attempt (which is what makes delivery idempotent); S= is the Maildir++ size for quota.
     */
    private String fileName(Delivery d, long fileSize) {
        return d.message().receivedAt().getEpochSecond() + ".Q" + d.message().queueId() + "." + hostname + ",S=" + fileSize;
    }

    /** A folder name for an address: lower case, with characters unsafe in file names escaped. */
    static String folderName(String address) {
        StringBuilder b = new StringBuilder();
        for (byte x : address.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xFF);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "@.-_+".indexOf(c) >= 0) {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xFF));
            }
        }
        return b.toString().startsWith(".") ? "%2E" + b.substring(1) : b.toString();
    }
}
