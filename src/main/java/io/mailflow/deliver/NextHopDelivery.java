package io.mailflow.deliver;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.dns.Resolver;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.OutboundConnector;
import io.mailflow.model.TlsAuthLevel;
import io.mailflow.model.TransportSettings;
import io.mailflow.queue.Delivery;
import io.mailflow.queue.DeliveryAgent;
import io.mailflow.queue.DeliveryRecipient;
import io.mailflow.queue.RecipientOutcome;
import io.mailflow.routing.NextHop;
import io.mailflow.routing.RouteDecision;
import io.mailflow.routing.RouteRequest;
import io.mailflow.routing.Router;
import io.mailflow.tls.FileFingerprint;
import io.mailflow.trace.TraceEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The gateway's delivery agent: checks each recipient's route against the configuration in force
 * (a changed connector moves its mail), then sends each next hop to the delivery that serves it:
 * a Maildir for a mailbox, SMTP for a connector or an MX.
 */
public final class NextHopDelivery implements DeliveryAgent, AutoCloseable {

    /** Parallel writes into one mailbox: enough to overlap fsyncs, few enough not to thrash the disk. */
    private static final int MAILBOX_CONCURRENCY = 16;

    private final Supplier<ConfigSnapshot> config;
    private final MaildirDelivery maildir;
    private final LmtpDelivery lmtp;
    private final NextHopResolver resolver;
    private final ConnectionPool pool;
    private final SmartHostRotation rotation = new SmartHostRotation();
    private final Clock clock;
    private OutboundTls tls;
    private String tlsSource;
    /** The snapshot the contexts were last checked for: a new one (every reload and change) checks the file again. */
    private ConfigSnapshot tlsChecked;

    public NextHopDelivery(Supplier<ConfigSnapshot> config, Path mailboxRoot, Resolver dns, Clock clock) {
        this.config = config;
        this.maildir = new MaildirDelivery(mailboxRoot, config.get().configuration().server().hostname());
        this.lmtp = new LmtpDelivery(config.get().configuration().server().hostname());
        this.resolver = new NextHopResolver(dns);
        this.pool = new ConnectionPool(config.get().configuration().transport().connectionIdleTime());
        this.clock = clock;
    }

    /** Where a mailbox's messages are stored. */
    public Path maildirOf(String primaryAddress) {
        return maildir.maildir(primaryAddress);
    }

    @Override
    public String unavailableReason(String nextHop) {
        return null;
    }

    @Override
    public int concurrencyLimit(String nextHop) {
        return NextHop.parse(nextHop) instanceof NextHop.Mailbox ? MAILBOX_CONCURRENCY
                : config.get().configuration().transport().maxConcurrencyPerDestination();
    }

    @Override
    public List<RecipientOutcome> deliver(Delivery delivery) {
        ConfigSnapshot cfg = config.get();
        List<RecipientOutcome> rerouted = new ArrayList<>();
        List<DeliveryRecipient> staying = new ArrayList<>();
        boolean fromOnPremises = "true".equals(delivery.message().attribute("fromOnPremises"));
        for (DeliveryRecipient r : delivery.recipients()) {
            RouteDecision now = Router.decide(new RouteRequest(EmailAddress.parseLenient(r.address()), r.ruleRoute().connector(),
                    fromOnPremises, r.ruleRoute().requireTls()), cfg);
            if (now.nextHop().key().equals(delivery.nextHop())) {
                staying.add(r);
            } else {
                rerouted.add(new RecipientOutcome.Rerouted(r.index(), now.nextHop().key(),
                        new TraceEvent.Reroute(r.address(), delivery.nextHop(), now.nextHop().key())));
            }
        }
        if (staying.isEmpty()) {
            return rerouted;
        }
        Delivery d = new Delivery(delivery.message(), delivery.nextHop(), staying, delivery.content(), delivery.repeated());
        List<RecipientOutcome> out = new ArrayList<>(rerouted);
        out.addAll(deliver(d, NextHop.parse(d.nextHop()), false, cfg));
        return out;
    }

    private List<RecipientOutcome> deliver(Delivery d, NextHop hop, boolean requireTls, ConfigSnapshot cfg) {
        return switch (hop) {
            case NextHop.Mailbox m -> toMailbox(d, m.primarySmtpAddress(), cfg);
            case NextHop.Connector c -> viaConnector(d, cfg.outboundConnector(c.name()).orElseThrow(), c, requireTls, cfg);
            case NextHop.Mx mx -> viaSmtp(d, resolver.mx(mx.domain(), cfg.configuration().transport().mxPort()), null,
                    requireTls ? TlsAuthLevel.EncryptionOnly : null, null, cfg);
            case NextHop.TlsRequired t -> deliver(d, t.hop(), true, cfg);
        };
    }

    /** Into the mailbox's LMTP server when it (or the server default) has one, else into its Maildir. */
    private List<RecipientOutcome> toMailbox(Delivery d, String primary, ConfigSnapshot cfg) {
        String server = cfg.mailbox(EmailAddress.parse(primary)).map(io.mailflow.model.Mailbox::lmtpServer)
                .orElse(null);
        server = server != null ? server : cfg.configuration().server().lmtpServer();
        return server == null ? maildir.deliver(d, primary)
                : lmtp.deliver(d, primary, io.mailflow.model.HostPort.parse(server, 24), cfg.configuration().transport());
    }

    /** A rule's RequireTls makes an opportunistic connector require TLS; a connector's own stricter level stays. */
    private List<RecipientOutcome> viaConnector(Delivery d, OutboundConnector c, NextHop.Connector hop, boolean requireTls,
            ConfigSnapshot cfg) {
        NextHopResolver.Resolution hosts = c.useMxRecord()
                ? resolver.mx(hop.mxDomain(), cfg.configuration().transport().mxPort())
                : resolver.smartHosts(rotation.order(c.name(), cfg.smartHosts(c), clock.instant()));
        TlsAuthLevel level = c.tlsSettings() == null && requireTls ? TlsAuthLevel.EncryptionOnly : c.tlsSettings();
        return viaSmtp(d, hosts, c.name(), level, c.tlsDomain(), cfg);
    }

    private List<RecipientOutcome> viaSmtp(Delivery d, NextHopResolver.Resolution resolution, String connector,
            TlsAuthLevel tlsLevel, String tlsDomain, ConfigSnapshot cfg) {
        return switch (resolution) {
            case NextHopResolver.Resolution.Unroutable u -> d.recipients().stream().<RecipientOutcome>map(r -> u.permanent()
                    ? new RecipientOutcome.Failed(r.index(), u.reason(), null, null)
                    : new RecipientOutcome.Deferred(r.index(), u.reason(), null, true, null)).toList();
            case NextHopResolver.Resolution.Hosts h -> {
                TransportSettings t = cfg.configuration().transport();
                pool.maxIdle(t.connectionIdleTime());
                SmtpDelivery smtp = new SmtpDelivery(cfg.configuration().server().hostname(), pool, outboundTls(cfg, t),
                        rotation, t, clock);
                yield smtp.deliver(d, new SmtpDelivery.Hop(connector, h.hosts(), tlsLevel, tlsDomain));
            }
        };
    }

    /**
     * The outbound TLS contexts, rebuilt when transport.trustedCaFile names another file or, after
     * a reload, the file's content changed (a CA bundle updated in place).
     */
    private synchronized OutboundTls outboundTls(ConfigSnapshot cfg, TransportSettings t) {
        if (tls != null && cfg == tlsChecked) {
            return tls;
        }
        Path file = t.trustedCaFile() == null ? null : cfg.resolve(t.trustedCaFile());
        try {
            String source = FileFingerprint.of(file);
            if (tls == null || !source.equals(tlsSource)) {
                tls = OutboundTls.create(file);
                tlsSource = source;
            }
            tlsChecked = cfg;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load transport.trustedCaFile " + file + ": " + e.getMessage(), e);
        }
        return tls;
    }

    @Override
    public void close() {
        pool.close();
    }
}
