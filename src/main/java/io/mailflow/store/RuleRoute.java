package io.mailflow.store;

/**
 * What a mail flow rule decided about a recipient's route, kept with the recipient so that
 * routing at delivery time (after a configuration change) still honours it.
 *
 * @param connector the connector RouteMessageOutboundConnector named, or null
 * @param requireTls RouteMessageOutboundRequireTls applies
 */
public record RuleRoute(String connector, boolean requireTls) {

    public static final RuleRoute NONE = new RuleRoute(null, false);

    public boolean isNone() {
        return connector == null && !requireTls;
    }
}
