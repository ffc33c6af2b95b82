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
        return Addresses.parsed(null, emailAddresses);
    }

    public EmailAddress external() {
        return EmailAddress.parse(externalEmailAddress);
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        Addresses.checkRequired("externalEmailAddress", externalEmailAddress, ": where this contact's mail goes", errors);
        Addresses.checkEach("emailAddresses", emailAddresses, errors);
        return errors;
    }
}
