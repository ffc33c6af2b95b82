package io.mailflow.store.configuration;

import java.time.Instant;

/**
 * One stored configuration.
 *
 * @param number 1 for the first version, one more for each after it
 * @param at when it was stored (the store's clock)
 * @param change who made it, from where and why
 * @param document the whole configuration document as JSON text, in the order it was written
 * @param documentHash a hash of the document that ignores the order of fields (the service computes it), so that
 *        equal configurations are found without comparing documents
 */
public record ConfigurationVersion(long number, Instant at, ConfigurationChange change, String document, String documentHash) {
}
