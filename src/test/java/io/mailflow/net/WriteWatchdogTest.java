package io.mailflow.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mailflow.testing.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes to a peer that never reads, over real sockets: the watchdog ends them, in plain text and under TLS. */
class WriteWatchdogTest {

    private static final Duration LIMIT = Duration.ofMillis(300);

    @TempDir
    Path dir;

    @Test
    void aWriteToAPeerThatNeverReadsShouldFailSoonAfterTheLimit() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                Socket peer = new Socket()) {
            peer.setReceiveBufferSize(4096);
            peer.connect(listener.getLocalSocketAddress());
            try (Socket tcp = listener.accept(); WriteWatchdog watchdog = WriteWatchdog.watch(tcp, LIMIT)) {
                assertStalledWriteEnds(watchdog, watchdog.guard(tcp.getOutputStream()));
                assertThat(tcp.isClosed()).isTrue();
            }
        }
    }

    @Test
    void aTlsWriteToAPeerThatNeverReadsShouldFailToo() throws Exception {
        TestCertificates ca = TestCertificates.newAuthority(dir);
        SSLContext context = ca.clientContext(ca.issue("server", "server.test"));
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                Socket peerTcp = new Socket()) {
            peerTcp.setReceiveBufferSize(4096);
            peerTcp.connect(listener.getLocalSocketAddress());
            SSLSocket peer = (SSLSocket) ca.clientContext().getSocketFactory().createSocket(peerTcp, "server.test", 0, true);
            Thread.ofVirtual().start(() -> handshakeQuietly(peer)); // then it never reads application data
            try (Socket tcp = listener.accept(); WriteWatchdog watchdog = WriteWatchdog.watch(tcp, LIMIT)) {
                SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, null, tcp.getPort(), true);
                tls.setUseClientMode(false);
                tls.startHandshake();
                // the blocked writer holds the TLS record lock: closing the TLS socket would wait for it forever
                assertStalledWriteEnds(watchdog, watchdog.guard(tls.getOutputStream()));
            }
        }
    }

    private static void assertStalledWriteEnds(WriteWatchdog watchdog, OutputStream guarded) {
        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> {
            byte[] chunk = new byte[16 * 1024];
            while (true) {
                guarded.write(chunk);
            }
        }).isInstanceOf(IOException.class));
        assertThat(watchdog.fired()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the limit and at most one check period more, plus filling the buffers")
                .isLessThan(Duration.ofSeconds(5));
    }

    private static void handshakeQuietly(SSLSocket s) {
        try {
            s.startHandshake();
        } catch (IOException ignored) {
            // the test closes it
        }
    }
}
