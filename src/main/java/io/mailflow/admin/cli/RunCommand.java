package io.mailflow.admin.cli;

import io.mailflow.Gateway;
import io.mailflow.admin.AdminServer;
import io.mailflow.admin.RuntimeFile;
import io.mailflow.config.ConfigException;
import io.mailflow.config.ConfigSnapshot;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** {@code mailflow run}: runs the gateway until SIGTERM or SIGINT; SIGHUP reloads the configuration. */
@Command(name = "run", description = "Run the gateway (SIGHUP reloads the configuration, SIGTERM stops it gracefully).")
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOption config;

    @Option(names = "--force", description = "Apply a changed configuration file even though it overwrites changes made"
            + " since it was last read (through the CLI or the API)")
    boolean force;

    @Override
    public Integer call() throws Exception {
        ConfigSnapshot snapshot;
        try {
            snapshot = config.load();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        // The hook is in place before anything starts, so a SIGTERM during start-up still stops
        // gracefully: it waits for start-up to finish (the lock), then takes down what was started.
        Object startup = new Object();
        AtomicReference<Gateway> started = new AtomicReference<>();
        AtomicReference<AdminServer> startedAdmin = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (startup) {
                if (startedAdmin.get() != null) {
                    startedAdmin.get().stop();
                }
                if (started.get() != null) {
                    started.get().close();
                    RuntimeFile.delete(snapshot.dataDirectory());
                }
                stopped.countDown();
            }
        }, "shutdown"));
        Gateway gateway;
        AdminServer admin;
        synchronized (startup) {
            try {
                gateway = Gateway.start(snapshot, Clock.systemUTC(), force);
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                System.err.println("not started");
                return 1;
            }
            started.set(gateway);
            admin = new AdminServer(gateway).start(snapshot.configuration().server().admin().bindAddress());
            startedAdmin.set(admin);
            RuntimeFile.write(snapshot.dataDirectory(), admin.url(), admin.token());
        }
        SignalHandler before = Signal.handle(new Signal("HUP"), signal -> Thread.ofPlatform().name("reload").start(() -> reload(gateway)));
        if (before == SignalHandler.SIG_IGN) {
            // The JVM leaves a signal alone that was ignored when it started (nohup does that to HUP).
            LOG.warn("SIGHUP was ignored when the gateway started (nohup?), so it will not reload the configuration: use 'mailflow reload'");
        }
        System.out.printf("Mailflow is running: SMTP on %s, admin on %s (config %s, data %s)%n", gateway.smtpAddresses(),
                admin.url(), snapshot.sourceFile(), snapshot.dataDirectory());
        // One console line, as the one above: not a log record (the token must not reach log shipping), and
        // a console whose other lines are JSON (logging.format: json) has exactly these two that are not.
        admin.setupToken().ifPresent(setup -> System.out.printf("No admin account yet. A setup token (Administrator, valid 24 hours)"
                + " for the admin API: %s (create an account with: bin/mailflow admin user add NAME --role Administrator)%n", setup));
        stopped.await();
        return 0;
    }

    private static void reload(Gateway gateway) {
        try {
            gateway.reload();
        } catch (ConfigException | io.mailflow.store.StoreException e) {
            LOG.atWarn().log("SIGHUP reload refused:\n{}", e.getMessage());
        }
    }
}
