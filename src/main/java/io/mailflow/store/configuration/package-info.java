/**
 * The configuration store: every configuration the gateway has run, as numbered versions.
 *
 * <p><b>Owns:</b> the {@link io.mailflow.store.configuration.ConfigurationStore} interface and its
 * records. A version holds the whole configuration document (the YAML's tree, as JSON text), who
 * made it, when, from where and why. Versions are numbered 1, 2, 3 ... without gaps; the current
 * configuration is the highest. A write names the version it was made against and fails with
 * {@link io.mailflow.store.configuration.VersionConflictException} when another write came first
 * (optimistic concurrency), so several nodes sharing one store never overwrite each other in silence.
 * The embedded implementation is {@code io.mailflow.store.sqlite.SqliteConfigurationStore}.
 *
 * <p><b>Never:</b> validates a document. It stores what the configuration service checked;
 * {@code io.mailflow.config.ConfigurationService} is the only writer.
 */
package io.mailflow.store.configuration;
