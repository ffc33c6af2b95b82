package io.mailflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A mail user (Exchange's MailUser): a user of the organization whose mailbox is elsewhere. Its
 * addresses in an accepted domain are accepted (even in an Authoritative domain) and the mail is
 * routed onward to {@code externalEmailAddress}: Exchange's way to keep some users of a domain on
 * another system.
 *
 * @param name a display name, for the trace
 * @param primarySmtpAddress its address here, in an accepted domain (required)
 * @param emailAddresses further addresses here
 * @param externalEmailAddress where its mail really goes (required)
 */
public record MailUser(String name, String primarySmtpAddress, List<String> emailAddresses, String externalEmailAddress)
        implements Recipient {

    public MailUser {
        emailAddresses = emailAddresses == null ? List.of() : List.copyOf(emailAddresses);
    }

    @Override
    public String describe() {
        return "mail user " + primarySmtpAddress + " (mail goes to " + externalEmailAddress + ")";
    }

    /** The addresses that reach this entry from outside, parsed; only call on a valid entry. */
    @Override
    public List<EmailAddress> addresses() {
        List<EmailAddress> all = new ArrayList<>();
        if (primarySmtpAddress != null) {
            all.add(EmailAddress.parse(primarySmtpAddress));
        }
        emailAddresses.forEach(a -> all.add(EmailAddress.parse(a)));
        return all;
    }

    public EmailAddress external() {
        return EmailAddress.parse(externalEmailAddress);
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        if (externalEmailAddress == null) {
            errors.add(new ConfigError("externalEmailAddress", "is required: where this recipient's mail goes"));
        } else {
            Addresses.check("externalEmailAddress", externalEmailAddress, errors);
        }
        if (primarySmtpAddress == null) {
            errors.add(new ConfigError("primarySmtpAddress", "is required"));
        } else {
            Addresses.check("primarySmtpAddress", primarySmtpAddress, errors);
        }
        for (int i = 0; i < emailAddresses.size(); i++) {
            Addresses.check("emailAddresses[" + i + "]", emailAddresses.get(i), errors);
        }
        return errors;
    }
}
