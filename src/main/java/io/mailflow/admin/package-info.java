/**
 * Administration: the command line ({@code bin/mailflow}), the HTTP endpoint (health,
 * Prometheus metrics, the API the CLI uses) and the runtime file that lets a CLI command find the
 * gateway its configuration belongs to.
 *
 * <p><b>Owns:</b> thin layers over the gateway's services; nothing here decides about mail.
 *
 * <p><b>Never:</b> imported by any other package (an architecture test checks it).
 *
 * <p><b>Security:</b> the endpoint binds to loopback by default; every {@code /api} call needs the
 * bearer token written to {@code <data>/run/gateway.json} (readable by its owner only). Health and
 * metrics are read-only and open.
 */
package io.mailflow.admin;
