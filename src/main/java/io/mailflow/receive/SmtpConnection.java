package io.mailflow.receive;

import io.mailflow.smtp.ChunkDecoder;
import io.mailflow.smtp.CommandDecoder;
import io.mailflow.smtp.DataDecoder;
import io.mailflow.smtp.Reply;
import io.mailflow.smtp.SmtpInput;
import io.mailflow.smtp.SmtpReplies;
import io.mailflow.smtp.SmtpVerb;
import io.mailflow.model.ListenerTls;
import io.mailflow.net.Deadline;
import io.mailflow.net.WriteWatchdog;
import io.mailflow.tls.ClientCertificate;
import io.mailflow.tls.ServerTlsContext;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: reads bytes, lets the {@link Session} decide, writes replies. Replies
 * are buffered and flushed before every read that could block, which is what lets a client
 * pipeline (RFC 2920) without a reply per round trip.
 *
 * <p>Only the connection's own thread reads and writes. Other threads end it without I/O of their
 * own: a graceful shutdown shuts the input of an idle connection (its thread wakes and says 421),
 * and the write watchdog, the connection's lifetime and the shutdown bound close its TCP socket.
 */
final class SmtpConnection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpConnection.class);
    private static final int MAX_COMMAND_LINE = 2048;

    /** What the connection's thread is doing, as far as a graceful shutdown is concerned. */
    private enum Phase {
        /** Anything but waiting for a command outside a transaction. */
        BUSY,
        /** Waiting for a command with no transaction open: a shutdown may end the connection now. */
        IDLE,
        /** A shutdown claimed the idle connection and shut its input; its thread says 421. */
        DRAINED
    }

    /** The accepted TCP socket, also once TLS is layered on it: what the watchdogs close. */
    private final Socket tcp;
    private Socket socket;
    private final Session session;
    private final ServerTlsContext tls;
    private final Runnable onClose;
    private final SmtpInput input = new SmtpInput();
    private final CommandDecoder commands;
    private final long openedAt = System.nanoTime();
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.BUSY);
    private WriteWatchdog watchdog;
    private InputStream in;
    private OutputStream out;
    private volatile boolean draining;
    /** In a read whose timeout is bounded by the connection's life: that read ends the connection itself. */
    private volatile boolean reading;
    private volatile boolean expired;
    private boolean expectingAuthLine;

    SmtpConnection(Socket socket, Session session, ServerTlsContext tls, Runnable onClose) {
        this.tcp = socket;
        this.socket = socket;
        this.session = session;
        this.tls = tls;
        this.onClose = onClose;
        this.commands = new CommandDecoder(MAX_COMMAND_LINE, session.ctx.normalizeBareLineFeed());
    }

    @Override
    public void run() {
        watchdog = WriteWatchdog.watch(tcp, session.limits.writeTimeout());
        Deadline lifetime = Deadline.after(session.limits.connectionTimeout(), this::lifetimeOver);
        try {
            in = socket.getInputStream();
            out = new BufferedOutputStream(watchdog.guard(socket.getOutputStream()), 8192);
            if (session.ctx.listener().tls() == ListenerTls.Implicit && !handshake()) {
                return; // RFC 8314: TLS from the first byte; no greeting for a client that cannot do it
            }
            send(session.greeting());
            loop();
        } catch (SocketTimeoutException e) {
            quietly(() -> {
                send(SmtpReplies.TIMEOUT);
                out.flush();
            });
        } catch (IOException e) {
            ended(e);
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).addKeyValue("client", session.ctx.client().getHostAddress()).log("session failed");
            quietly(() -> {
                send(Reply.of(421, "4.3.0", "Internal error, closing transmission channel"));
                out.flush();
            });
        } finally {
            lifetime.close();
            session.abortTransaction();
            quietly(() -> watchdog.during(socket::close)); // closing TLS sends close_notify: a write like any other
            quietly(tcp::close);
            watchdog.close();
            onClose.run();
        }
    }

    /** The connection broke off: the client went away, or a watchdog closed it. */
    private void ended(IOException e) {
        String reason = watchdog.fired() ? "write_timeout" : expired ? "connection_timeout" : null;
        if (reason == null) {
            LOG.atDebug().addKeyValue("client", session.ctx.client().getHostAddress()).log("connection ended: {}", e.toString());
            return;
        }
        session.disconnected(reason, reason.equals("write_timeout") ? "the client read no replies for " + session.limits.writeTimeout()
                : "the connection outlived connectionTimeout (" + session.limits.connectionTimeout() + ")");
    }

    /**
     * The connection's life is over. A read ends by itself now (its timeout is bounded by the life
     * left) and answers 421; anything else (a write the client does not read, a TLS handshake, a
     * long message) is cut off by closing the TCP socket.
     */
    private void lifetimeOver() {
        expired = true;
        if (!reading) {
            quietly(tcp::close);
        }
    }

    private void loop() throws IOException {
        long commandDeadline = deadline(session.limits.commandTimeout().toMillis());
        while (true) {
            CommandDecoder.Line line = commands.next(input);
            if (line instanceof CommandDecoder.Line.Incomplete) {
                out.flush();
                if (!awaitCommand(commandDeadline)) {
                    return;
                }
                continue;
            }
            boolean authLine = expectingAuthLine;
            Step step = authLine ? session.onAuthLine(line) : session.onLine(line);
            expectingAuthLine = false;
            if (step.action() instanceof Step.Action.ReplyAfter after) {
                out.flush();
                sleep(after.delay()); // a failed login is answered slowly: guessing costs time
            }
            if (step.reply() != null) {
                send(step.reply());
            }
            if (!authLine && violatesPipelining(line, step)) {
                send(SmtpReplies.PIPELINING_VIOLATION);
                out.flush();
                return;
            }
            if (!act(step)) {
                out.flush();
                return;
            }
            // The next command's time starts now, after the step: a message transfer, a TLS handshake or
            // a failed login's delay may take longer than commandTimeout and is bounded by its own limit.
            commandDeadline = deadline(session.limits.commandTimeout().toMillis());
        }
    }

    /**
     * Reads more of the next command, until the command deadline; false when the connection ends
     * (end of input, or a graceful shutdown, answered with 421). While no transaction is open a
     * shutdown may claim the connection: {@link #drain} then shuts its input, which ends the read.
     */
    private boolean awaitCommand(long commandDeadline) throws IOException {
        boolean idle = !session.inTransaction();
        if (idle) {
            phase.set(Phase.IDLE);
            if (draining && phase.compareAndSet(Phase.IDLE, Phase.BUSY)) {
                return shutDown(); // the shutdown came first and found the connection busy
            }
        }
        // One deadline per command line, not per read: trickling a byte at a time does not extend it.
        boolean more = fill(Math.max(1, (commandDeadline - System.nanoTime()) / 1_000_000), COMMAND_READ);
        if (idle && !phase.compareAndSet(Phase.IDLE, Phase.BUSY)) {
            return shutDown(); // drain() shut the input; whatever arrived meanwhile is not read
        }
        return more;
    }

    private boolean shutDown() throws IOException {
        send(SmtpReplies.SHUTTING_DOWN);
        out.flush();
        return false;
    }

    /**
     * RFC 2920 §3.1: a client may only pipeline after EHLO, and never past a command that must end a
     * group (EHLO, DATA, NOOP, QUIT...). Input already buffered at that point was sent without
     * waiting for our reply: the SMTP-smuggling and spam-bot pattern Postfix disconnects. A reply
     * that asks for an AUTH response (334) ends the group too: the response answers that challenge
     * (RFC 4954 §4), so it cannot have been sent before it. Lines answering a challenge are not
     * commands (base64 such as "NOOP" would look like one) and are not checked.
     */
    private boolean violatesPipelining(CommandDecoder.Line line, Step step) {
        if (input.available() == 0 || !(line instanceof CommandDecoder.Line.Text t)) {
            return false;
        }
        String word = t.text().split(" ", 2)[0];
        SmtpVerb verb = SmtpVerb.of(word);
        if (verb == null || verb == SmtpVerb.STARTTLS || verb == SmtpVerb.BDAT || verb == SmtpVerb.QUIT) {
            return false;
        }
        return step.action() instanceof Step.Action.ReadAuthLine || Session.endsGroup(verb) || !session.pipelining();
    }

    /** Carries out a step's action; false when the connection must close. */
    private boolean act(Step step) throws IOException {
        return switch (step.action()) {
            case Step.Action.Continue c -> true;
            case Step.Action.Close c -> false;
            case Step.Action.StartTls s -> startTls();
            case Step.Action.ReadData d -> readData();
            case Step.Action.ReadChunk c -> readChunk(c.size());
            case Step.Action.ReadAuthLine r -> {
                expectingAuthLine = true;
                yield true;
            }
            case Step.Action.ReplyAfter r -> true;
        };
    }

    private boolean readData() throws IOException {
        out.flush();
        DataDecoder decoder = session.mailCommands().dataDecoder();
        while (!decoder.decode(input)) {
            if (!fill(session.limits.dataTimeout().toMillis(), CONTENT_READ)) {
                return false;
            }
        }
        send(session.dataFinished().reply());
        return true;
    }

    private boolean readChunk(long size) throws IOException {
        ChunkDecoder decoder = session.mailCommands().chunkDecoder();
        long remaining = size;
        while (remaining > 0) {
            remaining -= decoder.take(input, remaining);
            if (remaining > 0) {
                out.flush();
                if (!fill(session.limits.dataTimeout().toMillis(), CONTENT_READ)) {
                    return false;
                }
            }
        }
        Step step = session.chunkFinished();
        send(step.reply());
        return !(step.action() instanceof Step.Action.Close);
    }

    private boolean startTls() throws IOException {
        out.flush();
        input.clear(); // never run plaintext that was pipelined behind STARTTLS (CVE-2011-0411)
        return handshake();
    }

    /** The server side of a TLS handshake on the current socket; false when it failed. */
    private boolean handshake() throws IOException {
        SSLSocket ssl = (SSLSocket) tls.context().getSocketFactory().createSocket(socket, null, socket.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.setSSLParameters(tls.parameters());
        ssl.setSoTimeout((int) Math.min(Integer.MAX_VALUE, session.limits.commandTimeout().toMillis()));
        try {
            ssl.startHandshake();
        } catch (IOException e) {
            LOG.atInfo().addKeyValue("client", session.ctx.client().getHostAddress()).log("TLS handshake failed: {}", e.getMessage());
            return false;
        }
        socket = ssl;
        in = ssl.getInputStream();
        out = new BufferedOutputStream(watchdog.guard(ssl.getOutputStream()), 8192);
        session.tlsEstablished(ssl.getSession().getProtocol(), ssl.getSession().getCipherSuite(),
                ClientCertificate.of(ssl.getSession(), tls.clientTrust()));
        return true;
    }

    private static void sleep(java.time.Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long deadline(long millis) {
        return System.nanoTime() + millis * 1_000_000;
    }

    /** Room for one read of commands, and for one of message content. */
    private static final int COMMAND_READ = 4096;
    private static final int CONTENT_READ = 64 * 1024;

    /**
     * Reads more input, at most about {@code room} bytes, waiting at most {@code timeoutMillis}
     * (and never past the connection's life).
     */
    private boolean fill(long timeoutMillis, int room) throws IOException {
        long lifeLeft = session.limits.connectionTimeout().toMillis() - (System.nanoTime() - openedAt) / 1_000_000;
        if (lifeLeft <= 0) {
            throw new SocketTimeoutException("connection timeout");
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.min(timeoutMillis, lifeLeft))));
        reading = true;
        try {
            return input.readFrom(in, room);
        } finally {
            reading = false;
        }
    }

    /** Buffers a reply; the session sees every reply it is given, refusals included. */
    private void send(Reply reply) throws IOException {
        session.replied(reply);
        out.write(reply.encode());
    }

    /**
     * Graceful shutdown: an idle connection is told 421 and closed; a busy one ends after its
     * transaction. Called from the shutdown thread, so it does no I/O on the connection: shutting the
     * input down wakes the connection's own thread, which writes the 421 (under its write watchdog).
     */
    void drain() {
        draining = true;
        if (phase.compareAndSet(Phase.IDLE, Phase.DRAINED)) {
            quietly(tcp::shutdownInput);
        }
    }

    /** Ends the connection now (the shutdown bound has passed): the TCP socket, which never waits. */
    void abort() {
        quietly(tcp::close);
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void quietly(IoAction action) {
        try {
            action.run();
        } catch (IOException | RuntimeException ignored) {
            // the connection is going away anyway
        }
    }
}
