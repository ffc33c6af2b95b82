/**
 * The admin directory: who may use the admin API.
 *
 * <p><b>Owns:</b> the {@link io.mailflow.store.admin.AdminDirectory} interface and its records:
 * admin accounts (bcrypt password hashes) and named API tokens (SHA-256 of the token, never the
 * token), each with a {@link io.mailflow.store.admin.AdminRole}, and the audit of their changes.
 * The embedded implementation is {@code io.mailflow.store.sqlite.SqliteAdminDirectory}.
 *
 * <p><b>Never:</b> decides whether a request is allowed; the admin server does, from what it finds here.
 */
package io.mailflow.store.admin;
