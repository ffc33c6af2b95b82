package io.mailflow.routing;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.AcceptedDomain;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.Mailbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Decides the next hop of one recipient. Pure: no I/O, no clock. */
public final class Router {

    private Router() {
    }

    public static RouteDecision decide(EmailAddress recipient, ConfigSnapshot config) {
        List<String> steps = new ArrayList<>();
        Optional<Mailbox> mailbox = config.mailbox(recipient);
        if (mailbox.isPresent()) {
            EmailAddress primary = mailbox.get().primary();
            String resolvedFrom = null;
            if (!primary.key().equals(recipient.key())) {
                resolvedFrom = recipient.toString();
                steps.add(recipient + " is an address (emailAddresses) of mailbox " + primary);
            } else {
                steps.add(recipient + " is the primary address of mailbox " + primary);
            }
            steps.add("deliver to the mailbox");
            return new RouteDecision(recipient.toString(), new NextHop.Mailbox(primary.toString()), resolvedFrom, steps);
        }
        Optional<AcceptedDomain> domain = config.acceptedDomain(recipient.domain());
        if (domain.isPresent()) {
            steps.add(recipient.domain() + " is an accepted domain of type " + domain.get().domainType()
                    + " and no mailbox has this address: route onward (S5)");
        } else {
            steps.add(recipient.domain() + " is not an accepted domain: external recipient");
        }
        steps.add("no outbound connector applies: deliver to the MX of " + recipient.domain());
        return new RouteDecision(recipient.toString(), new NextHop.Mx(recipient.domain()), null, steps);
    }
}
