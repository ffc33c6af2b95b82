package io.mailflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A mailbox held by Mailflow (Exchange's user mailbox): mail to any of its addresses is delivered
 * into its one mailbox store.
 *
 * @param primarySmtpAddress the address that names the mailbox
 * @param emailAddresses further addresses (Exchange's proxy addresses) that reach the same mailbox
 */
public record Mailbox(String primarySmtpAddress, List<String> emailAddresses) {

    public Mailbox {
        emailAddresses = emailAddresses == null ? List.of() : List.copyOf(emailAddresses);
    }

    /** The primary address followed by every proxy address, parsed; only call on a valid mailbox. */
    public List<EmailAddress> allAddresses() {
        List<EmailAddress> all = new ArrayList<>();
        all.add(EmailAddress.parse(primarySmtpAddress));
        emailAddresses.forEach(a -> all.add(EmailAddress.parse(a)));
        return all;
    }

    /** The primary address, parsed; only call on a valid mailbox. */
    public EmailAddress primary() {
        return EmailAddress.parse(primarySmtpAddress);
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        if (primarySmtpAddress == null) {
            errors.add(new ConfigError("primarySmtpAddress", "is required"));
        } else {
            checkAddress("primarySmtpAddress", primarySmtpAddress, errors);
        }
        for (int i = 0; i < emailAddresses.size(); i++) {
            checkAddress("emailAddresses[" + i + "]", emailAddresses.get(i), errors);
        }
        return errors;
    }

    private static void checkAddress(String path, String address, List<ConfigError> errors) {
        try {
            EmailAddress.parse(address);
        } catch (IllegalArgumentException e) {
            errors.add(new ConfigError(path, e.getMessage()));
        }
    }
}
