/**
 * The embedded store: one SQLite database in WAL mode under the data directory.
 *
 * <p><b>Owns:</b> the schema (Flyway migrations in {@code db/migration/sqlite}), the single
 * writer thread that batches writes into group commits ({@link io.mailflow.store.sqlite.GroupCommitter}),
 * and read queries on pooled read-only connections.
 *
 * <p><b>Durability:</b> a batch that holds an accepted message is committed with
 * {@code synchronous=FULL}, which fsyncs the WAL before the commit returns; batches of delivery
 * outcomes use {@code synchronous=NORMAL} and become durable with the next full commit or
 * checkpoint. WAL keeps commit order, so an outcome is never on disk without the message it
 * belongs to. (H2 was ruled out: its commits are not fsynced, see java-stack.md.)
 */
package io.mailflow.store.sqlite;
