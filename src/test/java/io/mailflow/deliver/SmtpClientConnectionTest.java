package io.mailflow.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mailflow.message.MessageContent;
import io.mailflow.testing.TestCertificates;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbound connection against a server on a real socket that stops reading in the middle of DATA. */
class SmtpClientConnectionTest {

    @TempDir
    Path dir;

    @Test
    void aServerThatStopsReadingShouldEndTheTransferAfterTheReplyTimeoutNotHoldItForever() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(4096);
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread.ofVirtual().start(() -> stopReadingAfterDataCommand(server, null, done));
            byte[] big = ("x".repeat(998) + "\r\n").repeat(20_000).getBytes(StandardCharsets.US_ASCII); // 20 MB
            try (SmtpClientConnection c = SmtpClientConnection.open((InetSocketAddress) server.getLocalSocketAddress(),
                    Duration.ofSeconds(5), Duration.ofMillis(500))) {
                assertThat(c.read().code()).isEqualTo(220);
                assertThat(c.command("DATA").code()).isEqualTo(354);
                long start = System.nanoTime();
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(
                        () -> c.writeData(MessageContent.ofBytes(big))).isInstanceOf(SocketTimeoutException.class)
                        .hasMessageContaining("took no data"));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
                assertThat(c.isOpen()).isFalse();
            } finally {
                done.countDown();
            }
        }
    }

    @Test
    void aServerThatStopsReadingUnderTlsShouldEndTheTransferToo() throws Exception {
        TestCertificates ca = TestCertificates.newAuthority(dir);
        SSLContext serverContext = ca.clientContext(ca.issue("stuck", "stuck.example"));
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(4096);
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread.ofVirtual().start(() -> stopReadingAfterDataCommand(server, serverContext, done));
            byte[] big = ("x".repeat(998) + "\r\n").repeat(20_000).getBytes(StandardCharsets.US_ASCII);
            // the blocked write holds the TLS socket's record lock: closing that socket (rather than the
            // TCP one under it) would wait for the writer forever, in the watchdog and in close()
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                    try (SmtpClientConnection c = SmtpClientConnection.open((InetSocketAddress) server.getLocalSocketAddress(),
                            Duration.ofSeconds(5), Duration.ofMillis(500))) {
                        assertThat(c.read().code()).isEqualTo(220);
                        assertThat(c.command("STARTTLS").code()).isEqualTo(220);
                        c.startTls(ca.clientContext(), new SSLParameters(), "stuck.example");
                        assertThat(c.command("DATA").code()).isEqualTo(354);
                        assertThatThrownBy(() -> c.writeData(MessageContent.ofBytes(big))).isInstanceOf(SocketTimeoutException.class);
                    }
                });
            } finally {
                done.countDown();
            }
        }
    }

    /**
     * Greets, answers DATA with 354 (after a STARTTLS handshake, if a TLS context is given), then
     * holds the connection open without reading a byte more.
     */
    private static void stopReadingAfterDataCommand(ServerSocket server, SSLContext tls, CountDownLatch done) {
        try (Socket s = server.accept()) {
            Socket current = s;
            reply(current, "220 stuck.example ESMTP");
            BufferedReader in = new BufferedReader(new InputStreamReader(current.getInputStream(), StandardCharsets.US_ASCII), 1);
            if (tls != null) {
                in.readLine();
                reply(current, "220 go ahead");
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), true);
                ssl.setUseClientMode(false);
                ssl.startHandshake();
                current = ssl;
                in = new BufferedReader(new InputStreamReader(ssl.getInputStream(), StandardCharsets.US_ASCII), 1);
            }
            in.readLine();
            reply(current, "354 go ahead");
            done.await();
        } catch (Exception ignored) {
            // the test is over
        }
    }

    private static void reply(Socket s, String line) throws java.io.IOException {
        OutputStream out = s.getOutputStream();
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
