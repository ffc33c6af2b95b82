package io.mailflow.deliver;

import io.mailflow.net.WriteWatchdog;
import io.mailflow.smtp.DataEncoder;
import io.mailflow.smtp.Reply;
import io.mailflow.smtp.ReplyDecoder;
import io.mailflow.smtp.SmtpInput;
import io.mailflow.message.MessageContent;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/** One outbound SMTP connection: writes commands, reads replies, upgrades to TLS. */
final class SmtpClientConnection implements AutoCloseable {

    /** The TCP connection, under TLS too: what the write watchdog closes. */
    private final Socket tcp;
    /** Its channel: on a plain connection, what BDAT content is sent to by the kernel (sendfile). */
    private final SocketChannel channel;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final SmtpInput input = new SmtpInput();
    private final DataEncoder data = new DataEncoder();
    private final ReplyDecoder replies = new ReplyDecoder();
    private final int replyTimeoutMillis;
    private SSLSession tls;
    private String plainTextBecause;
    private long lastUsedNanos = System.nanoTime();
    Capabilities capabilities = Capabilities.HELO;
    int transactions;

    private SmtpClientConnection(SocketChannel channel, Duration replyTimeout) throws IOException {
        Socket socket = channel.socket();
        this.channel = channel;
        this.tcp = socket;
        this.socket = socket;
        this.replyTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, replyTimeout.toMillis());
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    static SmtpClientConnection open(InetSocketAddress address, Duration connectTimeout, Duration replyTimeout)
            throws IOException {
        SocketChannel ch = SocketChannel.open(); // blocking; its socket is an ordinary Socket with timeouts
        try {
            ch.socket().setTcpNoDelay(true);
            ch.socket().connect(address, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            return new SmtpClientConnection(ch, replyTimeout);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    InetSocketAddress remote() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    /** Reads one reply, waiting at most the reply timeout ({@code factor} times it after the final dot). */
    Reply read(int factor) throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, (long) replyTimeoutMillis * factor));
        while (true) {
            switch (replies.next(input)) {
                case ReplyDecoder.Result.Complete c -> {
                    lastUsedNanos = System.nanoTime();
                    return c.reply();
                }
                case ReplyDecoder.Result.Malformed m -> throw new ProtocolException(m.why());
                case ReplyDecoder.Result.Incomplete i -> {
                    if (!input.readFrom(in)) {
                        throw new EOFException("connection closed by the server");
                    }
                }
            }
        }
    }

    Reply read() throws IOException {
        return read(1);
    }

    /** Queues a command line; {@link #flush()} sends what is queued (PIPELINING sends several at once). */
    void write(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void flush() throws IOException {
        out.flush();
    }

    Reply command(String line) throws IOException {
        write(line);
        flush();
        return read();
    }

    /**
     * The message text, dot-stuffed, and the end-of-data line. On a plain connection, the ranges of
     * the spool known to hold no line that begins with a dot (what the receiving decoder saw) go
     * to the socket by the kernel, as BDAT's do; the rest is read and stuffed. A server that stops
     * reading would hold the delivery (and its recipients, which then never expire) forever: a
     * write that does not return within the reply timeout (RFC 5321 §4.5.3.2.5 gives a data block
     * 3 minutes) closes the connection.
     */
    void writeData(MessageContent content) throws IOException {
        try (WriteWatchdog watchdog = WriteWatchdog.watch(tcp, Duration.ofMillis(replyTimeoutMillis))) {
            OutputStream guarded = watchdog.guard(out);
            try {
                if (tls == null) {
                    writeDataPassingThrough(content, guarded, watchdog);
                } else {
                    try (InputStream c = content.open()) {
                        data.write(c, content.size(), guarded);
                    }
                }
                guarded.flush();
            } catch (IOException e) {
                if (watchdog.fired()) {
                    throw new SocketTimeoutException("the server took no data for " + replyTimeoutMillis + " ms");
                }
                throw e;
            }
        }
    }

    private void writeDataPassingThrough(MessageContent content, OutputStream guarded, WriteWatchdog watchdog) throws IOException {
        data.begin();
        content.forEachPiece(new MessageContent.PieceVisitor() {
            @Override
            public void bytes(byte[] b, int off, int len) throws IOException {
                data.encode(new java.io.ByteArrayInputStream(b, off, len), len, guarded);
            }

            @Override
            public void range(MessageContent.Range r) throws IOException {
                range(r, false);
            }

            @Override
            public void range(MessageContent.Range r, boolean noLeadingDots) throws IOException {
                if (!noLeadingDots) {
                    try (InputStream in = r.source().open(r.offset(), r.length())) {
                        data.encode(in, r.length(), guarded);
                    }
                    return;
                }
                guarded.flush();
                for (long at = 0; at < r.length(); at += TRANSFER_STEP) {
                    long from = r.offset() + at;
                    long n = Math.min(TRANSFER_STEP, r.length() - at);
                    watchdog.during(() -> r.source().transferTo(from, n, channel));
                }
                data.passedThrough(lastByte(r));
            }
        });
        data.end(guarded);
    }

    private static byte lastByte(MessageContent.Range r) throws IOException {
        try (InputStream in = r.source().open(r.offset() + r.length() - 1, 1)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the content is shorter than its record says");
            }
            return (byte) b;
        }
    }

    /**
     * RFC 3030: the message as one last chunk, {@code BDAT <size> LAST} and its octets as they
     * are, without dot-stuffing. On a plain connection the kernel sends them from the spool to the
     * socket ({@code sendfile}), in steps the write watchdog times; under TLS they go through the
     * TLS engine from a buffer. The caller reads the one reply.
     */
    void writeBdat(MessageContent content) throws IOException {
        write("BDAT " + content.size() + " LAST");
        try (WriteWatchdog watchdog = WriteWatchdog.watch(tcp, Duration.ofMillis(replyTimeoutMillis))) {
            OutputStream guarded = watchdog.guard(out);
            try {
                if (tls == null) {
                    guarded.flush();
                    for (long at = 0; at < content.size(); at += TRANSFER_STEP) {
                        MessageContent step = content.slice(at, Math.min(content.size(), at + TRANSFER_STEP));
                        watchdog.during(() -> step.transferTo(channel));
                    }
                } else {
                    try (InputStream c = content.open()) {
                        c.transferTo(guarded);
                    }
                    guarded.flush();
                }
            } catch (IOException e) {
                if (watchdog.fired()) {
                    throw new SocketTimeoutException("the server took no data for " + replyTimeoutMillis + " ms");
                }
                throw e;
            }
        }
    }

    /** Bytes one sendfile step may take: the write watchdog's measure of progress. */
    private static final long TRANSFER_STEP = 1024 * 1024;

    /**
     * Runs the TLS handshake after a 220 to STARTTLS. Bytes the server sent behind its 220 are
     * discarded (the response-injection half of CVE-2011-0411's family).
     */
    void startTls(SSLContext context, SSLParameters parameters, String peerHost) throws IOException {
        input.clear();
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, peerHost, socket.getPort(), true);
        ssl.setUseClientMode(true);
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(replyTimeoutMillis);
        ssl.startHandshake();
        socket = ssl;
        in = ssl.getInputStream();
        out = new BufferedOutputStream(ssl.getOutputStream(), 16 * 1024);
        tls = ssl.getSession();
    }

    /** The TLS session, or null for plain text. */
    SSLSession tls() {
        return tls;
    }

    String tlsText() {
        if (tls != null) {
            return tls.getProtocol() + " " + tls.getCipherSuite();
        }
        return plainTextBecause == null ? "none" : "none (" + plainTextBecause + ")";
    }

    /** Why opportunistic TLS went on in plain text though the host offered STARTTLS: shown in the trace (S14). */
    void plainTextBecause(String reason) {
        this.plainTextBecause = reason;
    }

    long idleNanos() {
        return System.nanoTime() - lastUsedNanos;
    }

    boolean isOpen() {
        return !socket.isClosed();
    }

    /** Says QUIT without waiting long for the answer, then closes. */
    void quit() {
        try {
            socket.setSoTimeout(2000);
            command("QUIT");
        } catch (IOException ignored) {
            // closing anyway
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
