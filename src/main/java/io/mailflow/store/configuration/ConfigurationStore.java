package io.mailflow.store.configuration;

import io.mailflow.store.StoreException;
import java.util.List;
import java.util.Optional;

/**
 * The versions of the configuration, shared by every node that uses the store. Implementations
 * make {@link #append} durable before it returns and number versions without gaps, so that the
 * highest number is the current configuration on every node.
 */
public interface ConfigurationStore extends AutoCloseable {

    /** The highest version, or empty when nothing was ever stored. */
    Optional<ConfigurationVersion> current() throws StoreException;

    /** One version by its number. */
    Optional<ConfigurationVersion> version(long number) throws StoreException;

    /** At most {@code limit} versions, newest first. */
    List<ConfigurationVersion> history(int limit) throws StoreException;

    /** The newest version whose document has this hash: the same configuration, stored before. */
    Optional<ConfigurationVersion> newestWithHash(String documentHash) throws StoreException;

    /**
     * Stores a new current version, numbered {@code base + 1}.
     *
     * @param base the version the change was made against: 0 for the first
     * @throws VersionConflictException when {@code base} is not the current version (another write came first);
     *         nothing is stored
     */
    ConfigurationVersion append(long base, String document, String documentHash, ConfigurationChange change)
            throws StoreException, VersionConflictException;

    /**
     * The version a configuration file was last known to hold (read from it, or found equal to it),
     * or empty when this file never was: what an edited file was edited from.
     *
     * @param file the file's absolute path
     */
    Optional<Long> fileBase(String file) throws StoreException;

    /** Records that {@code file} holds {@code version}'s configuration. */
    void fileBase(String file, long version) throws StoreException;

    @Override
    void close();
}
