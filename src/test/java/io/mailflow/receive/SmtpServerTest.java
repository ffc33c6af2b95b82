package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.config.ConfigLoader;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.config.LiveConfig;
import io.mailflow.pipeline.MessageIntake;
import io.mailflow.tls.ServerTlsContext;
import io.mailflow.testing.SmtpTestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener's bookkeeping of connection slots, over real sockets. */
class SmtpServerTest {

    @TempDir
    Path dir;

    @Test
    void aSessionThatFailsToStartShouldGiveBackItsConnectionSlot() throws Exception {
        ConfigSnapshot config = ConfigSnapshot.of(ConfigLoader.parse("test", """
                server:
                  listeners: [{name: Default Frontend, bind: '127.0.0.1:0'}]
                  limits: {maxConnections: 1, maxConnectionsPerIp: 1}
                """), null, 1);
        AtomicBoolean failed = new AtomicBoolean();
        // the TLS context is the one dependency a session takes after its slot: let it fail once
        Supplier<ServerTlsContext> tls = () -> {
            if (failed.compareAndSet(false, true)) {
                throw new IllegalStateException("TLS context not available");
            }
            return null;
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SmtpServer server = new SmtpServer(new LiveConfig(config), new MessageIntake(null, Clock.systemUTC(), null), tls,
                io.mailflow.store.spool.SegmentSpool.open(dir, java.util.Map.of(), Clock.systemUTC()),
                registry, Clock.systemUTC());
        server.start();
        try {
            int port = server.addresses().getFirst().getPort();
            try (SmtpTestClient first = SmtpTestClient.connect("127.0.0.1", port)) {
                assertThat(first.reply()).as("the session could not start: closed without a greeting").isNull();
            }
            assertThat(registry.get("mailflow_smtp_connections_active").gauge().value()).isZero();
            try (SmtpTestClient second = SmtpTestClient.connect("127.0.0.1", port)) {
                assertThat(second.reply()).as("the only slot is free again").startsWith("220");
            }
        } finally {
            server.shutdown(Duration.ofSeconds(1));
        }
    }
}
