package io.mailflow.store.admin;

import io.mailflow.store.configuration.ConfigurationChange;
import java.time.Instant;

/**
 * One audited change to accounts or tokens: the audit log shows these next to the configuration's versions.
 *
 * @param subject the account's or token's name
 * @param change who made it, from where (the same record a configuration version carries)
 */
public record AdminChange(Instant at, AdminAction action, String subject, AdminRole role, ConfigurationChange change) {
}
