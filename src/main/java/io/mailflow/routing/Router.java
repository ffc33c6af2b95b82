package io.mailflow.routing;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.AcceptedDomain;
import io.mailflow.model.ConnectorType;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.Mailbox;
import io.mailflow.model.OutboundConnector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides the next hop of one recipient, in the order of DECISIONS.md: a mail flow rule's
 * connector, the recipient's own mailbox, a connector with routeAllMessagesViaOnPremises, the most
 * specific matching connector, the domain's MX. Pure: no I/O, no clock; the explanation it returns
 * is the decision itself.
 */
public final class Router {

    private Router() {
    }

    public static RouteDecision decide(RouteRequest request, ConfigSnapshot config) {
        RouteDecision d = route(request, config);
        if (!request.requireTls() || d.nextHop() instanceof NextHop.Mailbox) {
            return d;
        }
        List<String> steps = new ArrayList<>(d.steps());
        steps.add("a mail flow rule requires TLS (routeMessageOutboundRequireTls): never plain text");
        return new RouteDecision(d.recipient(), new NextHop.TlsRequired(d.nextHop()), d.resolvedFrom(), steps);
    }

    private static RouteDecision route(RouteRequest request, ConfigSnapshot config) {
        EmailAddress recipient = request.recipient();
        List<String> steps = new ArrayList<>();
        Optional<OutboundConnector> ruled = ruleConnector(request, config, steps);
        if (ruled.isPresent()) {
            return connector(recipient, ruled.get(), null, steps);
        }
        Optional<Mailbox> mailbox = config.mailbox(recipient);
        if (mailbox.isPresent()) {
            return toMailbox(recipient, mailbox.get(), steps);
        }
        String domain = recipient.domain();
        Optional<AcceptedDomain> accepted = config.acceptedDomain(domain);
        steps.add(accepted.map(d -> domain + " is an accepted domain (" + d.domainType() + ") and no mailbox has this address")
                .orElse(domain + " is not an accepted domain: an external recipient"));
        if (accepted.isEmpty()) {
            Optional<OutboundConnector> all = routeAll(config, request.fromOnPremises(), steps);
            if (all.isPresent()) {
                return connector(recipient, all.get(), null, steps);
            }
        }
        List<ConnectorMatch> matches = matches(config, domain, accepted.isPresent(), steps);
        if (!matches.isEmpty()) {
            ConnectorMatch winner = matches.getFirst();
            String why = matches.size() == 1 ? "the only matching connector" : tieBreak(winner, matches.get(1));
            return connector(recipient, winner.connector(), winner.describe() + ": chosen (" + why + ")", steps);
        }
        if (accepted.isPresent()) {
            steps.add("no outbound connector covers " + domain + ": MX delivery (an InternalRelay domain normally needs a"
                    + " connector to the server that holds its other mailboxes; if its MX points here this is a loop)");
        } else {
            steps.add("no outbound connector applies: deliver to the MX of " + domain);
        }
        return new RouteDecision(recipient.toString(), new NextHop.Mx(domain), null, steps);
    }

    /** A rule may name any enabled connector, rule-scoped or not (DECISIONS.md step 1, S7). */
    private static Optional<OutboundConnector> ruleConnector(RouteRequest request, ConfigSnapshot config, List<String> steps) {
        if (request.ruleConnector() == null) {
            return Optional.empty();
        }
        Optional<OutboundConnector> c = config.outboundConnector(request.ruleConnector());
        if (c.isPresent() && c.get().isEnabled()) {
            steps.add("a mail flow rule routes this recipient to connector '" + c.get().name() + "' (takes precedence)");
            return c;
        }
        steps.add("a mail flow rule names connector '" + request.ruleConnector() + "', which "
                + (c.isPresent() ? "is disabled" : "does not exist") + ": normal routing applies");
        return Optional.empty();
    }

    private static RouteDecision toMailbox(EmailAddress recipient, Mailbox mailbox, List<String> steps) {
        EmailAddress primary = mailbox.primary();
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

    /** DECISIONS.md step 4: centralized mail transport, except for mail that came from on-premises (no ping-pong). */
    private static Optional<OutboundConnector> routeAll(ConfigSnapshot config, boolean fromOnPremises, List<String> steps) {
        Optional<OutboundConnector> c = config.configuration().outboundConnectors().stream()
                .filter(OutboundConnector::isEnabled)
                .filter(o -> o.routeAllMessagesViaOnPremises() && o.connectorType() == ConnectorType.OnPremises)
                .filter(o -> !o.isTransportRuleScoped()) // DECISIONS step 1: only a rule sends mail through such a connector
                .min(Comparator.comparing((OutboundConnector o) -> o.name().toLowerCase(Locale.ROOT)).thenComparing(o -> o.name()));
        if (c.isPresent() && fromOnPremises) {
            steps.add("connector '" + c.get().name() + "' has routeAllMessagesViaOnPremises, but this message came from"
                    + " on-premises: not sent back there");
            return Optional.empty();
        }
        c.ifPresent(o -> steps.add("connector '" + o.name() + "' has routeAllMessagesViaOnPremises: every recipient"
                + " outside the accepted domains goes through it"));
        return c;
    }

    private static List<ConnectorMatch> matches(ConfigSnapshot config, String domain, boolean accepted, List<String> steps) {
        List<ConnectorMatch> out = new ArrayList<>();
        for (OutboundConnector c : config.configuration().outboundConnectors()) {
            ConnectorMatch m = ConnectorMatch.of(c, domain, accepted);
            if (m == null) {
                continue;
            }
            if (!c.isEnabled()) {
                steps.add(m.describe() + " but is disabled: ignored");
            } else if (c.isTransportRuleScoped()) {
                steps.add(m.describe() + " but isTransportRuleScoped: used only when a mail flow rule routes to it");
            } else {
                out.add(m);
            }
        }
        out.sort(ConnectorMatch.PRECEDENCE);
        for (int i = 1; i < out.size(); i++) {
            steps.add(out.get(i).describe() + ": not chosen (" + tieBreak(out.getFirst(), out.get(i)) + ")");
        }
        return out;
    }

    /** Why {@code winner} beats {@code other}, in the words of the precedence rule. */
    private static String tieBreak(ConnectorMatch winner, ConnectorMatch other) {
        if (winner.specificity() != other.specificity()) {
            return "more specific: exact > wildcard > allAcceptedDomains > *";
        }
        if (winner.suffixLength() != other.suffixLength()) {
            return "the longer wildcard suffix is more specific";
        }
        return "equally specific; '" + winner.connector().name() + "' sorts first by name (S12)";
    }

    private static RouteDecision connector(EmailAddress recipient, OutboundConnector c, String step, List<String> steps) {
        if (step != null) {
            steps.add(step);
        }
        steps.add(c.useMxRecord() ? "deliver through connector '" + c.name() + "' to the MX of " + recipient.domain()
                : "deliver through connector '" + c.name() + "' to its smart hosts " + c.smartHosts());
        return new RouteDecision(recipient.toString(), new NextHop.Connector(c.name(), c.useMxRecord() ? recipient.domain() : null),
                null, steps);
    }
}
