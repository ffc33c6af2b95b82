package io.mailflow.receive;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.config.LiveConfig;
import io.mailflow.model.Limits;
import io.mailflow.model.Listener;
import io.mailflow.message.ContentSpool;
import io.mailflow.pipeline.MessageIntake;
import io.mailflow.smtp.Reply;
import io.mailflow.smtp.SmtpReplies;
import io.mailflow.tls.ServerTlsContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The SMTP listeners: accepts connections and runs each on its own virtual thread. */
public final class SmtpServer {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);
    /**
     * The kernel's send buffer of a client connection. A server sends only replies, and 16 KB hold
     * the largest pipelined group's (500 RCPTs) and a TLS record; left to autotuning, a client that
     * never reads would make the kernel hold up to net.ipv4.tcp_wmem's maximum (4 MB) for it, and
     * the gateway would parse megabytes of its pipelined commands before a write blocked.
     */
    private static final int SEND_BUFFER = 16 * 1024;

    private final LiveConfig config;
    private final MessageIntake intake;
    private final Supplier<ServerTlsContext> tls;
    private final ContentSpool spool;
    private final ReceiveMetrics metrics;
    private final Counter connectionsTotal;
    private final ConnectionLimiter limiter = new ConnectionLimiter();
    private final Set<SmtpConnection> connections = ConcurrentHashMap.newKeySet();
    private final LoginGuard guard;
    private final SubmissionQuota quota;
    private final PasswordChecks passwords = PasswordChecks.perCore();
    private final RefusalLog refusals;
    private final List<ServerSocket> sockets = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private Thread refusalReports;
    private volatile boolean closed;

    public SmtpServer(LiveConfig config, MessageIntake intake, Supplier<ServerTlsContext> tls, ContentSpool spool,
            MeterRegistry registry, Clock clock) {
        this.config = config;
        this.guard = new LoginGuard(clock);
        this.quota = new SubmissionQuota(clock);
        this.refusals = new RefusalLog(clock);
        this.intake = intake;
        this.tls = tls;
        this.spool = spool;
        this.metrics = new ReceiveMetrics(registry);
        this.connectionsTotal = Counter.builder("mailflow_smtp_connections_total").description("SMTP connections accepted")
                .register(registry);
        Gauge.builder("mailflow_smtp_connections_active", limiter, ConnectionLimiter::open)
                .description("Open SMTP connections").register(registry);
    }

    /** Binds every listener of the configuration and starts accepting. */
    public void start() throws IOException {
        for (Listener l : config.current().configuration().server().listeners()) {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(l.bindAddress().host()), l.bindAddress().port()), 1024);
            sockets.add(server);
            acceptors.add(Thread.ofVirtual().name("accept-" + l.name()).start(() -> acceptLoop(server, l)));
            LOG.atInfo().addKeyValue("listener", l.name()).addKeyValue("address", server.getLocalSocketAddress())
                    .log("SMTP listener started");
        }
        refusalReports = Thread.ofVirtual().name("refusal-log").start(this::reportSuppressedRefusals);
    }

    /** A client's window of the refusal log ends on the clock, not only at its next refusal: report it within a second. */
    private void reportSuppressedRefusals() {
        while (!closed) {
            refusals.flush(false);
            try {
                Thread.sleep(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The addresses the listeners are bound to, in configuration order (port 0 resolved). */
    public List<InetSocketAddress> addresses() {
        return sockets.stream().map(s -> (InetSocketAddress) s.getLocalSocketAddress()).toList();
    }

    private void acceptLoop(ServerSocket server, Listener listener) {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed || server.isClosed()) {
                    return;
                }
                LOG.atError().setCause(e).addKeyValue("listener", listener.name()).log("accept failed");
                pauseAfterAcceptFailure();
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
                socket.setSendBufferSize(SEND_BUFFER);
                accept(socket, listener);
            } catch (IOException | RuntimeException e) {
                LOG.atWarn().setCause(e).log("could not start a session");
                closeQuietly(socket);
            }
        }
    }

    /** Out of descriptors (EMFILE) fails every accept at once; pause rather than spin and flood the log. */
    private static void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept(Socket socket, Listener listener) throws IOException {
        connectionsTotal.increment();
        ConfigSnapshot snapshot = config.current();
        Limits limits = snapshot.configuration().server().limits();
        InetAddress client = socket.getInetAddress();
        ConnectionLimiter.Refusal refusal = limiter.acquire(client, limits.maxConnections(), limits.maxConnectionsPerIp());
        if (refusal != null) {
            refuse(socket, listener, refusal);
            return;
        }
        SmtpConnection[] self = new SmtpConnection[1];
        boolean started = false;
        try {
            ServerTlsContext tlsContext = tls.get();
            SessionContext ctx = new SessionContext(snapshot, client, listener, tlsContext != null, intake::receive,
                    spool, guard, quota, passwords, refusals);
            self[0] = new SmtpConnection(socket, new Session(ctx, metrics), tlsContext, () -> {
                limiter.release(client);
                connections.remove(self[0]);
            });
            connections.add(self[0]);
            if (closed) {
                self[0].drain();
            }
            Thread.ofVirtual().name("smtp-" + client.getHostAddress()).start(self[0]);
            started = true;
        } finally {
            // Once the thread runs, the connection gives its slot back when it closes; until then nobody
            // would, and every failure here would leak a slot until maxConnections refuses everyone.
            if (!started) {
                if (self[0] != null) {
                    connections.remove(self[0]);
                }
                limiter.release(client);
            }
        }
    }

    private void refuse(Socket socket, Listener listener, ConnectionLimiter.Refusal refusal) {
        metrics.connectionRefused(refusal.name().toLowerCase(java.util.Locale.ROOT));
        Reply reply = refusal == ConnectionLimiter.Refusal.MAX_CONNECTIONS ? SmtpReplies.TOO_MANY_CONNECTIONS
                : SmtpReplies.TOO_MANY_FROM_IP;
        refusals.refused(new RefusalLog.Refusal(socket.getInetAddress().getHostAddress(), listener.name(), null, false, "CONNECT",
                null, null, reply));
        Thread.ofVirtual().start(() -> refuse(socket, reply));
    }

    private static void refuse(Socket socket, Reply reply) {
        try (socket) {
            socket.getOutputStream().write(reply.encode());
            socket.getOutputStream().flush();
        } catch (IOException ignored) {
            // the client went away first
        }
    }

    /**
     * Graceful shutdown: stop accepting, tell idle clients 421, let transactions in flight finish
     * within {@code timeout}, then close what is left.
     */
    public void shutdown(Duration timeout) {
        closed = true;
        sockets.forEach(SmtpServer::closeQuietly);
        awaitAcceptorsGone();
        connections.forEach(SmtpConnection::drain);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            connections.forEach(SmtpConnection::drain);
        }
        if (!connections.isEmpty()) {
            LOG.atWarn().addKeyValue("sessions", connections.size()).log("closing sessions still open at the shutdown bound");
            connections.forEach(SmtpConnection::abort);
        }
        passwords.close();
        if (refusalReports != null) {
            refusalReports.interrupt();
        }
        refusals.flush(true);
    }

    /**
     * Closing a server socket that a virtual thread is blocked on only wakes that thread; the
     * descriptor stays open, and the kernel keeps completing handshakes, until the thread leaves
     * accept(). "Stop accepting" is true only once the acceptors are gone.
     */
    private void awaitAcceptorsGone() {
        for (Thread acceptor : acceptors) {
            try {
                if (!acceptor.join(Duration.ofSeconds(5))) {
                    LOG.atWarn().addKeyValue("thread", acceptor.getName()).log("acceptor still running after close");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
