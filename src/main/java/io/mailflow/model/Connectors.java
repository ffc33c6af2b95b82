package io.mailflow.model;

import java.util.List;

/** Checks shared by inbound and outbound connectors. */
final class Connectors {

    private Connectors() {
    }

    static void checkName(String name, List<ConfigError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(new ConfigError("name", "is required"));
        } else if (name.length() > 64) {
            errors.add(new ConfigError("name", "is longer than 64 characters"));
        } else if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            errors.add(new ConfigError("name", "contains control characters"));
        }
    }

    /** A domain, {@code *.domain} (the domain and its subdomains) or {@code *} (every domain). */
    static void checkDomainPattern(String path, String pattern, List<ConfigError> errors) {
        if (pattern == null || pattern.equals("*")) {
            return;
        }
        String domain = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
        if (domain.contains("*")) {
            errors.add(new ConfigError(path, "'" + pattern + "': a wildcard may only be written as '*' or a leading '*.'"));
        } else if (!Domains.isValid(domain)) {
            errors.add(new ConfigError(path, "'" + Domains.visible(pattern) + "': " + Domains.problem(domain)));
        }
    }
}
