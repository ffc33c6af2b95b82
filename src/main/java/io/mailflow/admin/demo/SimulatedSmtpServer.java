package io.mailflow.admin.demo;

import io.mailflow.smtp.CommandDecoder;
import io.mailflow.smtp.ChunkDecoder;
import io.mailflow.smtp.DataDecoder;
import io.mailflow.smtp.SmtpInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A scriptable SMTP server standing in for an on-premises server or a partner's MX. */
public final class SimulatedSmtpServer implements AutoCloseable {

    /** One message as received: envelope lines as sent, content, and the TLS protocol or null. */
    public record Received(String mailFrom, List<String> rcptTo, byte[] content, String tls) {
    }

    private final String name;
    private final InetAddress bind;
    private final int port;
    private final SSLContext tls;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> recipientsSeen = new CopyOnWriteArrayList<>();
    private final Map<String, String> rcptReplies = new ConcurrentHashMap<>();
    private volatile boolean offerStartTls;
    private volatile boolean offerChunking;
    private volatile boolean brokenTls;
    private volatile String startTlsRefusal;
    private volatile boolean hangUpAfterData;
    private volatile ServerSocket server;
    private Thread acceptor;

    /**
     * @param port the port, 0 for any free one
     * @param tls a server context for STARTTLS, or null to never offer it
     */
    public SimulatedSmtpServer(String name, int port, SSLContext tls) throws IOException {
        this(name, InetAddress.getLoopbackAddress(), port, tls);
    }

    /** A server on a chosen local address (e.g. 127.0.0.3, to stand for one MX host among several). */
    public SimulatedSmtpServer(String name, InetAddress bind, int port, SSLContext tls) throws IOException {
        this.name = name;
        this.bind = bind;
        this.tls = tls;
        this.offerStartTls = tls != null;
        this.server = listen(port);
        this.port = server.getLocalPort();
    }

    private ServerSocket listen(int p) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(bind, p));
        acceptor = Thread.ofVirtual().name("sim-" + name).start(() -> accept(s));
        return s;
    }

    public int port() {
        return port;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Every address a client gave in RCPT, accepted or not. */
    public List<String> recipientsSeen() {
        return List.copyOf(recipientsSeen);
    }

    /** Answers RCPT for this address with this reply (e.g. {@code 550 5.1.1 User unknown}). */
    public SimulatedSmtpServer replyToRecipient(String address, String reply) {
        rcptReplies.put(address.toLowerCase(Locale.ROOT), reply);
        return this;
    }

    public SimulatedSmtpServer offerStartTls(boolean offer) {
        this.offerStartTls = offer && tls != null;
        return this;
    }

    /** Offers CHUNKING (RFC 3030) and takes BDAT, as Postfix's smtpd and Exchange do. */
    public SimulatedSmtpServer offerChunking(boolean offer) {
        this.offerChunking = offer;
        return this;
    }

    /** Offers STARTTLS but answers the handshake with garbage, as a broken TLS stack or middlebox would. */
    public SimulatedSmtpServer brokenTls(boolean broken) {
        this.brokenTls = broken;
        return this;
    }

    /** Offers STARTTLS but answers the command with this reply (e.g. {@code 454 4.7.0 TLS not available}); null = accept it. */
    public SimulatedSmtpServer refuseStartTls(String reply) {
        this.startTlsRefusal = reply;
        return this;
    }

    /**
     * Reads the message to its final dot, then closes the connection without a reply, as a server
     * that crashes or a middlebox that times out at the end of data would: the client cannot know
     * whether the message was taken.
     */
    public SimulatedSmtpServer hangUpAfterData(boolean hangUp) {
        this.hangUpAfterData = hangUp;
        return this;
    }

    /**
     * Stops listening: connections are refused, as when the server is down. A virtual thread in
     * accept() keeps the socket open until it wakes, so this waits for it.
     */
    public synchronized void down() throws IOException {
        if (server != null) {
            server.close();
            server = null;
            try {
                acceptor.join(java.time.Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Listens again on the same port. */
    public synchronized void up() throws IOException {
        if (server == null) {
            server = listen(port);
        }
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                Thread.ofVirtual().start(() -> session(c));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void session(Socket socket) {
        try (Socket s = socket) {
            new Session(s).run();
        } catch (IOException ignored) {
            // the client went away
        }
    }

    /** One client's session: EHLO, STARTTLS, MAIL, RCPT, DATA, RSET, QUIT. */
    private final class Session {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final SmtpInput input = new SmtpInput();
        private final CommandDecoder commands = new CommandDecoder(4096, false);
        private String mailFrom;
        private final List<String> rcpts = new ArrayList<>();
        private String tlsProtocol;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void run() throws IOException {
            reply("220 " + name + " ESMTP simulated server");
            while (true) {
                CommandDecoder.Line line = commands.next(input);
                if (line instanceof CommandDecoder.Line.Incomplete) {
                    if (!fill()) {
                        return;
                    }
                    continue;
                }
                if (!(line instanceof CommandDecoder.Line.Text t)) {
                    reply("500 5.5.2 bad line");
                    continue;
                }
                if (!command(t.text())) {
                    return;
                }
            }
        }

        private boolean command(String text) throws IOException {
            String upper = text.toUpperCase(Locale.ROOT);
            if (upper.startsWith("EHLO")) {
                reply("250-" + name + "\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n"
                        + (offerStartTls && tlsProtocol == null ? "250-STARTTLS\r\n" : "")
                        + (offerChunking ? "250-CHUNKING\r\n" : "") + "250 ENHANCEDSTATUSCODES");
            } else if (upper.startsWith("HELO")) {
                reply("250 " + name);
            } else if (upper.equals("STARTTLS") && offerStartTls && tlsProtocol == null && startTlsRefusal != null) {
                reply(startTlsRefusal);
            } else if (upper.equals("STARTTLS") && offerStartTls && tlsProtocol == null) {
                reply("220 2.0.0 Ready to start TLS");
                if (brokenTls) {
                    reply("this is not a TLS record");
                    return false;
                }
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
                ssl.setUseClientMode(false);
                ssl.startHandshake();
                socket = ssl;
                in = ssl.getInputStream();
                out = ssl.getOutputStream();
                input.clear();
                tlsProtocol = ssl.getSession().getProtocol();
            } else if (upper.startsWith("MAIL FROM:")) {
                mailFrom = text.substring(10);
                rcpts.clear();
                reply("250 2.1.0 Ok");
            } else if (upper.startsWith("RCPT TO:")) {
                String address = text.substring(8).replaceAll("^<|>.*$", "").toLowerCase(Locale.ROOT);
                recipientsSeen.add(address);
                String answer = rcptReplies.getOrDefault(address, "250 2.1.5 Ok");
                if (answer.startsWith("2")) {
                    rcpts.add(text.substring(8));
                }
                reply(answer);
            } else if (upper.equals("DATA")) {
                return data();
            } else if (upper.startsWith("BDAT ") && offerChunking) {
                return bdat(text);
            } else if (upper.equals("RSET") || upper.startsWith("NOOP")) {
                mailFrom = null;
                rcpts.clear();
                reply("250 2.0.0 Ok");
            } else if (upper.equals("QUIT")) {
                reply("221 2.0.0 Bye");
                return false;
            } else {
                reply("502 5.5.1 not implemented");
            }
            return true;
        }

        /** DATA to the final dot; false when the session ends here. */
        private boolean data() throws IOException {
            if (mailFrom == null || rcpts.isEmpty()) {
                reply("503 5.5.1 need RCPT");
                return true;
            }
            reply("354 go ahead");
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            DataDecoder decoder = new DataDecoder(Long.MAX_VALUE, false, content::write);
            while (!decoder.decode(input)) {
                if (!fill()) {
                    return false;
                }
            }
            if (hangUpAfterData) {
                return false;
            }
            received.add(new Received(mailFrom, List.copyOf(rcpts), content.toByteArray(), tlsProtocol));
            reply("250 2.0.0 Ok: queued");
            mailFrom = null;
            rcpts.clear();
            return true;
        }

        /** One BDAT chunk (the message must end with LAST); its octets as they are, no dot-stuffing. */
        private boolean bdat(String command) throws IOException {
            String[] words = command.trim().split("\\s+");
            long size = Long.parseLong(words[1]);
            boolean last = words.length > 2 && words[2].equalsIgnoreCase("LAST");
            ChunkDecoder decoder = new ChunkDecoder(Long.MAX_VALUE, false, chunk::write);
            for (long left = size; left > 0;) {
                left -= decoder.take(input, left);
                if (left > 0 && !fill()) {
                    return false;
                }
            }
            if (!last) {
                reply("250 2.0.0 " + size + " octets");
                return true;
            }
            if (hangUpAfterData) {
                return false;
            }
            received.add(new Received(mailFrom, List.copyOf(rcpts), chunk.toByteArray(), tlsProtocol));
            chunk.reset();
            reply("250 2.0.0 Ok: queued");
            mailFrom = null;
            rcpts.clear();
            return true;
        }

        private final ByteArrayOutputStream chunk = new ByteArrayOutputStream();

        private boolean fill() throws IOException {
            return input.readFrom(in);
        }

        private void reply(String text) throws IOException {
            out.write((text + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        down();
    }
}
