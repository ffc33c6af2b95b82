package io.mailflow;

import io.mailflow.config.ConfigException;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.config.ConfigurationService;
import io.mailflow.config.LiveConfig;
import io.mailflow.store.configuration.ConfigurationStore;
import io.mailflow.store.sqlite.SqliteConfigurationStore;
import io.mailflow.deliver.NextHopDelivery;
import io.mailflow.dns.DnsJavaResolver;
import io.mailflow.model.DnsSettings;
import io.mailflow.pipeline.DsnSubmitter;
import io.mailflow.pipeline.MessageIntake;
import io.mailflow.queue.MailQueue;
import io.mailflow.receive.SmtpServer;
import io.mailflow.store.MailStore;
import io.mailflow.store.PrivateFiles;
import io.mailflow.store.StoreException;
import io.mailflow.store.sqlite.SqliteMailStore;
import io.mailflow.tls.ServerTlsContext;
import io.mailflow.trace.TraceRetention;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Mailflow gateway: wires the store, queue, delivery, pipeline and SMTP server together,
 * and takes them down in the right order. The admin layer (CLI, HTTP) drives it from outside.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final LiveConfig config;
    private final ConfigurationStore configurationStore;
    private final ConfigurationService configuration;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<ServerTlsContext> tls = new AtomicReference<>();
    /** What the context in {@link #tls} was built from (GatewayTls.fingerprint); guarded by the configuration service's lock. */
    private String tlsSource;
    private final MailStore store;
    private final MailQueue queue;
    private final NextHopDelivery delivery;
    private final SmtpServer smtp;
    private final TraceRetention traceRetention;
    private final DataDirectoryLock lock;
    private volatile boolean stopping;

    private Gateway(ConfigSnapshot fromFile, Clock clock, boolean forceFile)
            throws IOException, StoreException, GeneralSecurityException, ConfigException {
        LogFormat.apply(fromFile.configuration().logging()); // before anything logs, the configuration's warnings included
        Path data = fromFile.dataDirectory();
        this.lock = DataDirectoryLock.acquire(data);
        ConfigSnapshot initial;
        ConfigurationStore versions = null;
        try {
            versions = SqliteConfigurationStore.open(data, clock);
            this.configuration = new ConfigurationService(versions, fromFile.sourceFile(), this::installed);
            initial = configuration.start(fromFile, forceFile);
        } catch (StoreException | ConfigException | RuntimeException e) {
            if (versions != null) {
                versions.close();
            }
            lock.release();
            throw e;
        }
        this.configurationStore = versions;
        LogFormat.apply(initial.configuration().logging());
        this.config = new LiveConfig(initial);
        Path tmp = PrivateFiles.directory(data.resolve("tmp"));
        clearTemporaryFiles(tmp);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        this.tlsSource = GatewayTls.fingerprint(initial);
        this.tls.set(GatewayTls.build(initial));
        this.store = SqliteMailStore.open(data, metrics, clock);
        DnsSettings dns = initial.configuration().dns();
        this.delivery = new NextHopDelivery(config::current, data.resolve("mailboxes"),
                new DnsJavaResolver(dns.servers(), dns.timeout(), new SecureRandom()), clock);
        this.queue = new MailQueue(store, delivery, () -> config.current().configuration().transport(), clock, metrics);
        DsnSubmitter notices = new DsnSubmitter(queue, store, config::current, clock);
        this.queue.reportTo(notices);
        this.smtp = new SmtpServer(config, new MessageIntake(queue, clock, notices), tls::get, store.spool(), metrics, clock);
        this.traceRetention = new TraceRetention(store, () -> config.current().configuration().transport().messageTraceRetention(),
                clock, metrics);
    }

    /** The gateway's certificate and key as a TLS context (the configured one, or the one it made itself). */
    public ServerTlsContext tls() {
        return tls.get();
    }

    /** Starts a gateway on its configuration file as loaded, by the file rule (no forcing). */
    public static Gateway start(ConfigSnapshot snapshot, Clock clock)
            throws IOException, StoreException, GeneralSecurityException, ConfigException {
        return start(snapshot, clock, false);
    }

    /**
     * Starts a gateway: the configuration store decides with the file what runs
     * ({@link ConfigurationService#start}), then the queue is recovered and the listeners open.
     *
     * @param forceFile apply a changed file even though versions were made since it was last read
     */
    public static Gateway start(ConfigSnapshot snapshot, Clock clock, boolean forceFile)
            throws IOException, StoreException, GeneralSecurityException, ConfigException {
        Gateway g = new Gateway(snapshot, clock, forceFile);
        try {
            g.queue.recover();
            g.smtp.start();
            g.traceRetention.start();
        } catch (IOException | StoreException | RuntimeException e) {
            g.close();
            throw e;
        }
        LOG.atInfo().addKeyValue("hostname", snapshot.configuration().server().hostname())
                .addKeyValue("config", snapshot.sourceFile()).addKeyValue("data", snapshot.dataDirectory())
                .addKeyValue("smtp", g.smtp.addresses()).log("Mailflow gateway started");
        return g;
    }

    /** Reads the configuration file again, by the file rule (no forcing). */
    public ConfigSnapshot reload() throws ConfigException, StoreException {
        return reload(false);
    }

    /**
     * Reads the configuration file again ({@code reload}, SIGHUP). A good file applies to sessions
     * and deliveries that start from now on; a bad one, or one that would overwrite changes made
     * since it was last read (unless forced), is refused and changes nothing.
     */
    public ConfigSnapshot reload(boolean force) throws ConfigException, StoreException {
        return configuration.reloadFile(config.current().version(), force);
    }

    /** Puts a new configuration in force; the configuration service calls it, under its lock, for every change. */
    private void installed(ConfigSnapshot next) {
        ConfigSnapshot before = config.current();
        config.install(next);
        LogFormat.apply(next.configuration().logging());
        var oldServer = before.configuration().server();
        var newServer = next.configuration().server();
        if (!oldServer.listeners().equals(newServer.listeners()) || !oldServer.admin().equals(newServer.admin())) {
            LOG.warn("listeners and admin.bind take effect at the next restart");
        }
        reloadTls(next);
        queue.rescan();
    }

    /**
     * Loads the TLS certificate again when its files' content changed, not only their paths: a
     * renewal (certbot, acme.sh) writes the new certificate over the old one. A certificate that
     * cannot be used, its key not matching it for one, is refused and the previous one stays.
     */
    private void reloadTls(ConfigSnapshot next) {
        try {
            String source = GatewayTls.fingerprint(next);
            if (source.equals(tlsSource)) {
                return;
            }
            ServerTlsContext fresh = GatewayTls.build(next);
            tls.set(fresh);
            tlsSource = source;
            LOG.atInfo().addKeyValue("subject", fresh.certificate().getSubjectX500Principal().getName())
                    .addKeyValue("serial", fresh.certificate().getSerialNumber().toString(16))
                    .addKeyValue("notAfter", fresh.certificate().getNotAfter().toInstant()).log("TLS certificate loaded");
        } catch (IOException | GeneralSecurityException e) {
            ServerTlsContext kept = tls.get();
            LOG.atError().addKeyValue("keptSerial", kept.certificate().getSerialNumber().toString(16))
                    .addKeyValue("keptNotAfter", kept.certificate().getNotAfter().toInstant())
                    .log("the new TLS certificate was refused, the previous one stays in use: {}", e.getMessage());
        }
    }

    public ConfigSnapshot config() {
        return config.current();
    }

    /** Every change to the configuration goes through it: apply, rollback, history, export. */
    public ConfigurationService configuration() {
        return configuration;
    }

    public MailQueue queue() {
        return queue;
    }

    public MailStore store() {
        return store;
    }

    public NextHopDelivery delivery() {
        return delivery;
    }

    public TraceRetention traceRetention() {
        return traceRetention;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public List<InetSocketAddress> smtpAddresses() {
        return smtp.addresses();
    }

    public boolean isStopping() {
        return stopping;
    }

    /**
     * Graceful shutdown: stop accepting, let sessions in flight finish (bounded), stop delivery
     * (running attempts bounded), flush and close the store. Queued mail stays queued.
     */
    @Override
    public synchronized void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        var timeout = config.current().configuration().server().shutdownTimeout();
        LOG.atInfo().addKeyValue("timeout", timeout).log("Mailflow gateway stopping");
        smtp.shutdown(timeout);
        queue.shutdown(timeout);
        delivery.close();
        traceRetention.close();
        store.close();
        configurationStore.close();
        lock.release();
        LOG.info("Mailflow gateway stopped");
    }

    private static void clearTemporaryFiles(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
