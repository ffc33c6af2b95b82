package io.mailflow.model;

import java.util.ArrayList;
import java.util.List;

/** Address checks and lists shared by the directory's objects. */
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

    /** Checks a required address field. */
    static void checkRequired(String field, String address, String why, List<ConfigError> errors) {
        if (address == null) {
            errors.add(new ConfigError(field, "is required" + why));
        } else {
            check(field, address, errors);
        }
    }

    /** Checks each address of a list field, naming it {@code field[i]}. */
    static void checkEach(String field, List<String> addresses, List<ConfigError> errors) {
        for (int i = 0; i < addresses.size(); i++) {
            check(field + "[" + i + "]", addresses.get(i), errors);
        }
    }

    /** The primary address (if any) followed by the others, parsed; only call on a valid object. */
    static List<EmailAddress> parsed(String primary, List<String> others) {
        List<EmailAddress> all = new ArrayList<>();
        if (primary != null) {
            all.add(EmailAddress.parse(primary));
        }
        others.forEach(a -> all.add(EmailAddress.parse(a)));
        return all;
    }
}
