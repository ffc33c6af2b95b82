/**
 * Administration: the command line ({@code bin/mailflow}), the HTTP endpoint (health,
 * Prometheus metrics, the API the CLI uses, the REST API {@code /api/v1}) and the runtime file
 * that lets a CLI command find the gateway its configuration belongs to.
 *
 * <p><b>Owns:</b> thin layers over the gateway's services; nothing here decides about mail, and
 * nothing here changes the configuration but through {@link io.mailflow.config.ConfigurationService}
 * ({@code ConfigRoutes}, {@code ObjectRoutes}).
 *
 * <p><b>Never:</b> imported by any other package (an architecture test checks it).
 *
 * <p><b>Security:</b> the endpoint binds to loopback by default; every request but {@code /health}
 * needs a named API token or an admin account ({@code AdminAuthorization}, docs/security.md); the
 * CLI uses the gateway's own token in {@code <data>/run/gateway.json} (readable by its owner only).
 * ViewOnly callers read and never change; secrets (password hashes) are never answered by the object
 * routes, and the whole document ({@code /api/v1/config}, {@code config export}), which carries
 * them, is answered to Administrators only.
 */
package io.mailflow.admin;
