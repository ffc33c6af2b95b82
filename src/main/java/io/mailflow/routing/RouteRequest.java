package io.mailflow.routing;

import io.mailflow.model.EmailAddress;

/**
 * What routing needs to know about one recipient of one message.
 *
 * @param recipient the envelope recipient
 * @param ruleConnector the connector a mail flow rule routed this recipient to
 *        (RouteMessageOutboundConnector), or null
 * @param fromOnPremises the message came in through an OnPremises inbound connector (so
 *        routeAllMessagesViaOnPremises does not send it back there)
 * @param requireTls a mail flow rule requires TLS for this recipient (RouteMessageOutboundRequireTls)
 */
public record RouteRequest(EmailAddress recipient, String ruleConnector, boolean fromOnPremises, boolean requireTls) {

    public static RouteRequest of(EmailAddress recipient) {
        return new RouteRequest(recipient, null, false, false);
    }
}
