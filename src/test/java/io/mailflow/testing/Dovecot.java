package io.mailflow.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Dovecot (Debian's dovecot-core and dovecot-lmtpd) serving LMTP on 127.0.0.1:port with
 * its own configuration, users from a passwd-file (so an address it does not know gets Dovecot's
 * own 5xx) and Maildirs that the test reads back. It runs its mail processes as {@code nobody}, so
 * everything lives in a world-accessible directory under /tmp.
 */
public final class Dovecot implements AutoCloseable {

    private final Path root;
    private final int port;
    private Process process;

    private Dovecot(Path root, int port) {
        this.root = root;
        this.port = port;
    }

    /** Starts Dovecot knowing these users (full addresses, as Mailflow sends them in RCPT TO). */
    public static Dovecot start(int port, List<String> users) throws IOException, InterruptedException {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "dovecot-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path mail = Files.createDirectories(root.resolve("mail"));
        Files.setPosixFilePermissions(mail, PosixFilePermissions.fromString("rwxrwxrwx"));
        StringBuilder passwd = new StringBuilder();
        users.forEach(u -> passwd.append(u).append(":{PLAIN}unused::::::\n"));
        Files.writeString(root.resolve("users"), passwd);
        Files.writeString(root.resolve("dovecot.conf"), """
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                protocols = lmtp
                listen = 127.0.0.1
                ssl = no
                mail_location = maildir:%1$s/mail/%%u
                auth_username_format = %%Lu
                passdb {
                  driver = passwd-file
                  args = %1$s/users
                }
                userdb {
                  driver = passwd-file
                  args = %1$s/users
                  default_fields = uid=nobody gid=nogroup home=%1$s/mail/%%u
                }
                service lmtp {
                  inet_listener lmtp {
                    address = 127.0.0.1
                    port = %2$d
                  }
                }
                """.formatted(root, port));
        Dovecot d = new Dovecot(root, port);
        d.up();
        return d;
    }

    public int port() {
        return port;
    }

    /** Starts (again) listening. */
    public void up() throws IOException, InterruptedException {
        process = new ProcessBuilder(Processes.tool("dovecot"), "-F", "-c", root.resolve("dovecot.conf").toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("stdout.log").toFile()).start();
        Processes.awaitListening(process, port, java.time.Duration.ofSeconds(15), "dovecot", this::log);
    }

    /** Stops it: connections to the port are refused. */
    public void down() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(15, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** The messages Dovecot stored for a user (its Maildir's new/ and cur/), as text. */
    public List<String> messages(String user) throws IOException {
        List<String> out = new ArrayList<>();
        Path maildir = root.resolve("mail").resolve(user.toLowerCase(java.util.Locale.ROOT));
        for (String sub : new String[] {"new", "cur"}) {
            Path d = maildir.resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.list(d)) {
                    for (Path f : files.sorted().toList()) {
                        out.add(Files.readString(f, StandardCharsets.ISO_8859_1));
                    }
                }
            }
        }
        return out;
    }

    /** Dovecot's own log, for failure messages. */
    public String log() {
        try {
            Path p = root.resolve("dovecot.log");
            return Files.exists(p) ? Files.readString(p) : Files.readString(root.resolve("stdout.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        down();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // a leftover directory under /tmp is harmless
        }
    }
}
