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
 * <p><b>Security:</b> the endpoint binds to loopback by default; every {@code /api} call needs the
 * bearer token written to {@code <data>/run/gateway.json} (readable by its owner only), the only
 * credential until admin accounts and API tokens come (issue 10, item 9). Secrets (password
 * hashes) are never answered by the object routes; the whole document ({@code /api/v1/config},
 * {@code config export}) still carries them. Health and metrics are read-only and open.
 */
package io.mailflow.admin;
