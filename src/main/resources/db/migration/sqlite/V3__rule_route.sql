-- What a mail flow rule decided about a recipient's route (RouteMessageOutboundConnector,
-- RouteMessageOutboundRequireTls), so that re-routing after a configuration change keeps it.
ALTER TABLE recipient ADD COLUMN rule_connector TEXT;
ALTER TABLE recipient ADD COLUMN rule_require_tls INTEGER NOT NULL DEFAULT 0;
