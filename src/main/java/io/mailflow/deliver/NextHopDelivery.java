package io.mailflow.deliver;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.EmailAddress;
import io.mailflow.queue.Delivery;
import io.mailflow.queue.DeliveryAgent;
import io.mailflow.queue.RecipientOutcome;
import io.mailflow.routing.NextHop;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** The gateway's delivery agent: sends each next hop to the delivery that serves it. */
public final class NextHopDelivery implements DeliveryAgent {

    /** Parallel writes into one mailbox: enough to overlap fsyncs, few enough not to thrash the disk. */
    private static final int MAILBOX_CONCURRENCY = 16;

    private final Supplier<ConfigSnapshot> config;
    private final MaildirDelivery maildir;

    public NextHopDelivery(Supplier<ConfigSnapshot> config, Path mailboxRoot) {
        this.config = config;
        this.maildir = new MaildirDelivery(mailboxRoot, config.get().configuration().server().hostname());
    }

    /** Where a mailbox's messages are stored. */
    public Path maildirOf(String primaryAddress) {
        return maildir.maildir(primaryAddress);
    }

    @Override
    public String unavailableReason(String nextHop) {
        return switch (NextHop.parse(nextHop)) {
            case NextHop.Mailbox m -> null;
            case NextHop.Mx mx -> "waiting: outbound SMTP delivery (connectors, smart hosts, MX) is not part of this version";
        };
    }

    @Override
    public int concurrencyLimit(String nextHop) {
        return MAILBOX_CONCURRENCY;
    }

    @Override
    public List<RecipientOutcome> deliver(Delivery delivery) {
        return switch (NextHop.parse(delivery.nextHop())) {
            case NextHop.Mailbox m -> deliverToMailbox(delivery, m);
            case NextHop.Mx mx -> throw new IllegalStateException("no delivery for " + delivery.nextHop());
        };
    }

    private List<RecipientOutcome> deliverToMailbox(Delivery delivery, NextHop.Mailbox hop) {
        boolean exists = config.get().mailbox(EmailAddress.parse(hop.primarySmtpAddress())).isPresent();
        if (!exists) {
            String reason = "550 5.1.10 RESOLVER.ADR.RecipientNotFound; mailbox " + hop.primarySmtpAddress()
                    + " no longer exists";
            return delivery.recipients().stream()
                    .<RecipientOutcome>map(r -> new RecipientOutcome.Failed(r.index(), reason, null)).toList();
        }
        return maildir.deliver(delivery, hop.primarySmtpAddress());
    }
}
