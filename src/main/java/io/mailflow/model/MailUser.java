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
        return Addresses.parsed(primarySmtpAddress, emailAddresses);
    }

    public EmailAddress external() {
        return EmailAddress.parse(externalEmailAddress);
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        Addresses.checkRequired("externalEmailAddress", externalEmailAddress, ": where this recipient's mail goes", errors);
        Addresses.checkRequired("primarySmtpAddress", primarySmtpAddress, "", errors);
        Addresses.checkEach("emailAddresses", emailAddresses, errors);
        return errors;
    }
}
