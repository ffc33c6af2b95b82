package io.mailflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A mail contact (Exchange's MailContact): someone outside the organization in the directory,
 * reachable through its {@code emailAddresses} here (if any) and usable as a group member.
 *
 * @param name a display name
 * @param externalEmailAddress where its mail goes (required)
 * @param emailAddresses addresses in an accepted domain that reach it (optional)
 */
public record MailContact(String name, String externalEmailAddress, List<String> emailAddresses) implements Recipient {

    public MailContact {
        emailAddresses = emailAddresses == null ? List.of() : List.copyOf(emailAddresses);
    }

    @Override
    public String describe() {
        return "mail contact " + (name == null ? externalEmailAddress : name + " <" + externalEmailAddress + ">");
    }

    @Override
    public List<EmailAddress> addresses() {
        List<EmailAddress> all = new ArrayList<>();
        emailAddresses.forEach(a -> all.add(EmailAddress.parse(a)));
        return all;
    }

    public EmailAddress external() {
        return EmailAddress.parse(externalEmailAddress);
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        if (externalEmailAddress == null) {
            errors.add(new ConfigError("externalEmailAddress", "is required: where this contact's mail goes"));
        } else {
            Addresses.check("externalEmailAddress", externalEmailAddress, errors);
        }
        for (int i = 0; i < emailAddresses.size(); i++) {
            Addresses.check("emailAddresses[" + i + "]", emailAddresses.get(i), errors);
        }
        return errors;
    }
}
