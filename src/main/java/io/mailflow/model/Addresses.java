package io.mailflow.model;

import java.util.List;

/** Address checks shared by the directory's objects. */
final class Addresses {

    private Addresses() {
    }

    static void check(String path, String address, List<ConfigError> errors) {
        try {
            EmailAddress.parse(address);
        } catch (IllegalArgumentException e) {
            errors.add(new ConfigError(path, e.getMessage()));
        }
    }
}
