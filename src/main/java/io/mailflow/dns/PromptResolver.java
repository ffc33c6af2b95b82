package io.mailflow.dns;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;

/**
 * One DNS server that gives up after exactly its timeout. dnsjava's own timeout is checked once
 * per tick of its I/O selector (1 s by default), so a 500 ms timeout would really be about 1 s,
 * and a slow first server would use up the time meant for the next one.
 */
final class PromptResolver implements Resolver {

    private final SimpleResolver server;
    private volatile Duration timeout;

    PromptResolver(SimpleResolver server, Duration timeout) {
        this.server = server;
        setTimeout(timeout);
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        // Completes with java.util.concurrent.TimeoutException, which QueryResult reads as "timed out".
        return server.sendAsync(query, executor).toCompletableFuture()
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query) {
        return server.sendAsync(query).toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
        server.setTimeout(timeout);
    }

    @Override
    public Duration getTimeout() {
        return timeout;
    }

    @Override
    public void setPort(int port) {
        server.setPort(port);
    }

    @Override
    public void setTCP(boolean flag) {
        server.setTCP(flag);
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
        server.setIgnoreTruncation(flag);
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        server.setEDNS(version, payloadSize, flags, options);
    }

    @Override
    public void setTSIGKey(TSIG key) {
        server.setTSIGKey(key);
    }

    @Override
    public String toString() {
        return server.toString();
    }
}
