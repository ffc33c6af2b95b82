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
 */
public record RouteRequest(EmailAddress recipient, String ruleConnector, boolean fromOnPremises) {

    public static RouteRequest of(EmailAddress recipient) {
        return new RouteRequest(recipient, null, false);
    }
}
