package io.mailflow.deliver;

import io.mailflow.queue.Delivery;
import io.mailflow.queue.DeliveryRecipient;
import io.mailflow.queue.RecipientOutcome;
import io.mailflow.store.PrivateFiles;
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
 * recipients used; LF line endings, as Maildir readers and Postfix's local delivery use (the
 * message travels with CRLF everywhere else, LMTP included); files 0600, directories 0700.
 */
final class MaildirDelivery {

    /** Postfix's name for local delivery in its log: no host, no network. */
    private static final RecipientOutcome.Relay LOCAL = new RecipientOutcome.Relay("local", "none", "none");

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
        byte[] header = ("Return-Path: <" + d.message().sender() + ">\nDelivered-To: " + d.recipients().getFirst().address()
                + "\n").getBytes(StandardCharsets.UTF_8);
        String base = baseName(d);
        List<RecipientOutcome> out = new ArrayList<>();
        try {
            // Only a repeated attempt can find its own file already there (a crash after the rename).
            String location = d.repeated() ? delivered(dir, base) : null;
            if (location == null) {
                try {
                    location = "new/" + write(d, header, dir, base);
                } catch (NoSuchFileException gone) {
                    created.remove(dir); // the folder was removed since we made it: make it again, once
                    location = "new/" + write(d, header, dir, base);
                }
            }
            for (DeliveryRecipient r : d.recipients()) {
                out.add(new RecipientOutcome.Delivered(r.index(), new TraceEvent.Deliver(r.address(), primaryAddress, location),
                        RecipientOutcome.Handover.MAILBOX, LOCAL));
            }
        } catch (IOException | UncheckedIOException e) {
            String reason = "451 4.3.0 Mailbox store error: " + e;
            for (DeliveryRecipient r : d.recipients()) {
                out.add(new RecipientOutcome.Deferred(r.index(), reason, null, false, null));
            }
        }
        return out;
    }

    /**
     * Where an earlier attempt left this message: in new/, or in cur/ once a mail reader moved it
     * there and added flags after a colon (":2,S" once seen). Null when it is in neither.
     */
    private static String delivered(Path dir, String base) throws IOException {
        for (String sub : new String[] {"new", "cur"}) {
            Path folder = dir.resolve(sub);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (var files = Files.newDirectoryStream(folder, f -> f.getFileName().toString().startsWith(base + ","))) {
                for (Path f : files) {
                    return sub + "/" + f.getFileName();
                }
            }
        }
        return null;
    }

    /** Writes the file in tmp/ and renames it into new/ under its final name (with its size); returns that name. */
    private String write(Delivery d, byte[] header, Path dir, String base) throws IOException {
        if (!created.contains(dir)) {
            create(dir);
            created.add(dir);
        }
        Path tmp = dir.resolve("tmp").resolve(base);
        String name;
        try {
            name = base + ",S=" + writeFile(d, header, tmp);
            Files.move(tmp, dir.resolve("new").resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(tmp); // a half-written file must not wait in tmp/ for a reader's cleanup
            throw e;
        }
        force(dir.resolve("new")); // the rename itself must survive a crash
        return name;
    }

    /**
     * Makes the Maildir (every directory it adds 0700: mail is private) and syncs each one into its
     * parent: a new mailbox's new/ must survive a crash as surely as the message renamed into it.
     */
    private void create(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>(PrivateFiles.createDirectories(dir));
        for (String sub : new String[] {"tmp", "new", "cur"}) {
            missing.addAll(PrivateFiles.createDirectories(dir.resolve(sub)));
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

    /** The file, 0600, with LF line endings (the Maildir convention); returns its size. */
    private static long writeFile(Delivery d, byte[] header, Path tmp) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE), PrivateFiles.file()); InputStream in = d.content().open()) {
            for (ByteBuffer h = ByteBuffer.wrap(header); h.hasRemaining();) {
                ch.write(h);
            }
            long size = header.length + LfLineEndings.copy(in, ch);
            ch.force(true);
            return size;
        }
    }

    /**
     * {@code <seconds>.Q<queue id>.<host>}, to which {@code ,S=<file size>} (the Maildir++ size for
     * quota) is added: unique per message, the same on a repeated attempt (which is what makes
     * delivery idempotent).
     */
    private String baseName(Delivery d) {
        return d.message().receivedAt().getEpochSecond() + ".Q" + d.message().queueId() + "." + hostname;
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
