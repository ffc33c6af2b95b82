package io.mailflow.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A raw SMTP client for protocol and security tests: sends exactly the bytes it is given (bare
 * LFs, NULs, pipelined commands) and reads replies as the server wrote them.
 */
public final class SmtpTestClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private SmtpTestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        socket.setSoTimeout(10_000);
    }

    public static SmtpTestClient connect(String host, int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 5_000);
        return new SmtpTestClient(s);
    }

    /** A connection, or null when the port refuses connections. */
    public static SmtpTestClient connectOrNull(int port) {
        try {
            SmtpTestClient c = connect("127.0.0.1", port);
            c.close();
            return c;
        } catch (IOException refused) {
            return null;
        }
    }

    /** Connects from a given local address (e.g. 127.0.0.2 to match an inbound connector). */
    public static SmtpTestClient connectFrom(String localAddress, String host, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(localAddress, 0));
        s.connect(new InetSocketAddress(host, port), 5_000);
        return new SmtpTestClient(s);
    }

    /** Sends raw text (written as UTF-8) without adding anything. */
    public SmtpTestClient send(String raw) throws IOException {
        return sendBytes(raw.getBytes(StandardCharsets.UTF_8));
    }

    public SmtpTestClient sendBytes(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return this;
    }

    /** Sends one command line with CRLF and returns the reply. */
    public String command(String line) throws IOException {
        send(line + "\r\n");
        return reply();
    }

    /** Reads one complete (possibly multi-line) reply; returns its lines joined by newlines. */
    public String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                return lines.isEmpty() ? null : String.join("\n", lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return String.join("\n", lines);
            }
        }
    }

    /** The reply code of the next reply, or -1 when the server closed the connection. */
    public int code() throws IOException {
        String r = reply();
        return r == null ? -1 : Integer.parseInt(r.substring(0, 3));
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (java.net.SocketException e) {
                c = -1;
            }
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
            }
            if (c == '\n' && prev == '\r') {
                byte[] bytes = b.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            b.write(c);
            prev = c;
        }
    }

    /** True once the server has closed the connection (reads end of stream). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    /** Runs STARTTLS's handshake over the existing connection. */
    public void startTls(SSLContext context, String host) throws IOException {
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
        ssl.setUseClientMode(true);
        ssl.startHandshake();
        socket = ssl;
        in = ssl.getInputStream();
        out = ssl.getOutputStream();
    }

    public Socket socket() {
        return socket;
    }

    /** Connects to {@code port}, says EHLO and STARTTLS, and returns the certificate the server presents. */
    public static java.security.cert.X509Certificate serverCertificate(int port, SSLContext context, String host)
            throws IOException {
        try (SmtpTestClient c = connect("127.0.0.1", port)) {
            c.reply();
            c.command("EHLO client.example");
            String ready = c.command("STARTTLS");
            if (!ready.startsWith("220")) {
                throw new IOException("STARTTLS refused: " + ready);
            }
            c.startTls(context, host);
            return (java.security.cert.X509Certificate) ((SSLSocket) c.socket).getSession().getPeerCertificates()[0];
        }
    }

    /** Sends EHLO, MAIL, RCPTs and DATA with the given message; returns the final reply. */
    public String sendMail(String from, List<String> to, String message) throws IOException {
        expect(command("EHLO client.example"), "250");
        return sendMailAfterHelo(from, to, message);
    }

    /** MAIL, RCPTs and DATA on a session that already said EHLO (and maybe AUTH); returns the final reply. */
    public String sendMailAfterHelo(String from, List<String> to, String message) throws IOException {
        expect(command("MAIL FROM:<" + from + ">"), "250");
        for (String r : to) {
            expect(command("RCPT TO:<" + r + ">"), "250");
        }
        expect(command("DATA"), "354");
        send(message.endsWith("\r\n") ? message + ".\r\n" : message + "\r\n.\r\n");
        return reply();
    }

    private static void expect(String reply, String prefix) {
        if (reply == null || !reply.startsWith(prefix)) {
            throw new AssertionError("expected " + prefix + " but got: " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
