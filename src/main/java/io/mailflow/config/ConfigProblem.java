package io.mailflow.config;

/**
 * One problem found in a configuration file, located for the administrator.
 *
 * @param file the configuration file
 * @param line 1-based line of the field, or 0 when unknown
 * @param field the YAML path of the field, e.g. {@code acceptedDomains[1].domainType}
 * @param message what is wrong
 */
public record ConfigProblem(String file, int line, String field, String message) {

    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line : file;
        return field.isEmpty() ? where + ": " + message : where + ": " + field + ": " + message;
    }
}
