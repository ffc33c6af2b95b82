/**
 * The configuration objects of Mailflow, in Exchange Online's vocabulary.
 *
 * <p><b>Owns:</b> immutable records for accepted domains, mailboxes, inbound and outbound
 * connectors, server and transport settings, and the value types they are made of (sizes,
 * durations, IP ranges, addresses). Each record can say what is wrong with it
 * ({@link io.mailflow.model.ConfigError}), naming the field by its YAML path.
 *
 * <p><b>Never:</b> reads files, parses YAML, opens sockets or knows about any other package.
 *
 * <p><b>Standards:</b> domain names follow RFC 5321 §4.1.2 and are compared as lower-case A-labels
 * (RFC 5890); sizes are binary (1 KB = 1024 bytes), as Exchange counts them.
 *
 * <p><b>See also:</b> {@code io.mailflow.config} loads these records from YAML and checks them.
 */
package io.mailflow.model;
