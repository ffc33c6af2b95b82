package io.mailflow.model;

/**
 * One thing wrong with a configuration: the YAML path of the field and what is wrong with it.
 *
 * @param path a path such as {@code acceptedDomains[1].domainType}; empty for the whole file
 * @param message what is wrong, written for an administrator
 */
public record ConfigError(String path, String message) {

    /** Prefixes this error's path with the path of the object that contains it. */
    public ConfigError under(String parent) {
        if (parent.isEmpty()) {
            return this;
        }
        String joined = path.isEmpty() ? parent : path.startsWith("[") ? parent + path : parent + "." + path;
        return new ConfigError(joined, message);
    }
}
