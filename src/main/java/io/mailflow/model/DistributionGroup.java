package io.mailflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A distribution group: mail to it goes to each member, expanded once per message. Members are
 * addresses of any directory object (mailbox, mail user or contact, another group); nested groups
 * are expanded too, and a loop is cut.
 *
 * @param name a display name
 * @param primarySmtpAddress the group's address, in an accepted domain
 * @param emailAddresses further addresses of the group
 * @param members the members' addresses
 */
public record DistributionGroup(String name, String primarySmtpAddress, List<String> emailAddresses, List<String> members)
        implements Recipient {

    public DistributionGroup {
        emailAddresses = emailAddresses == null ? List.of() : List.copyOf(emailAddresses);
        members = members == null ? List.of() : List.copyOf(members);
    }

    @Override
    public String describe() {
        return "group " + primarySmtpAddress;
    }

    public EmailAddress primary() {
        return EmailAddress.parse(primarySmtpAddress);
    }

    @Override
    public List<EmailAddress> addresses() {
        return Addresses.parsed(primarySmtpAddress, emailAddresses);
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        Addresses.checkRequired("primarySmtpAddress", primarySmtpAddress, "", errors);
        Addresses.checkEach("emailAddresses", emailAddresses, errors);
        Addresses.checkEach("members", members, errors);
        return errors;
    }
}
