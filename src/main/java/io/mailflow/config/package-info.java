/**
 * Loading, checking, storing and swapping the configuration.
 *
 * <p><b>Owns:</b> reading YAML (a file, or a document from the store or the API) into
 * {@link io.mailflow.model.Configuration} records, reporting every problem with file, line and
 * field ({@link io.mailflow.config.ConfigException}), and the immutable
 * {@link io.mailflow.config.ConfigSnapshot} with its lookup indexes. Every change goes through
 * {@link io.mailflow.config.ConfigurationService}: checked as the file is, stored as a new version
 * in the configuration store ({@code io.mailflow.store.configuration}), then installed in the
 * gateway's {@link io.mailflow.config.LiveConfig} in one step, so a session sees one configuration
 * from start to end. How the file and the store agree is {@code FileRule}'s. Every file the
 * configuration names ({@link io.mailflow.model.Configuration#files()}) must exist and be readable
 * when it is loaded; what is in the files is for the code that uses them.
 *
 * <p><b>Never:</b> applies half a change, or drops one in silence. A document with any problem is
 * refused and the last good snapshot stays in force; an edited file that would overwrite versions
 * made since it was last read is refused unless forced.
 *
 * <p><b>See also:</b> docs/configuration.md documents every key and its default, and the file rule.
 */
package io.mailflow.config;
