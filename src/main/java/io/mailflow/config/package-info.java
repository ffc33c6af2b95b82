/**
 * Loading, checking and swapping the configuration.
 *
 * <p><b>Owns:</b> reading the YAML file into {@link io.mailflow.model.Configuration} records,
 * reporting every problem with file, line and field ({@link io.mailflow.config.ConfigException}),
 * and the immutable {@link io.mailflow.config.ConfigSnapshot} with its lookup indexes. A running
 * gateway holds the current snapshot in a {@link io.mailflow.config.LiveConfig}; a reload builds a
 * new snapshot and swaps it in one step, so a session sees one configuration from start to end.
 * Every file the configuration names ({@link io.mailflow.model.Configuration#files()}) must exist
 * and be readable when it is loaded; what is in the files is for the code that uses them.
 *
 * <p><b>Never:</b> applies half a file. A file with any problem is refused and the last good
 * snapshot stays in force.
 *
 * <p><b>See also:</b> docs/configuration.md documents every key and its default.
 */
package io.mailflow.config;
