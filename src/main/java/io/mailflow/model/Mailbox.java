package io.mailflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A mailbox held by Mailflow (Exchange's user mailbox): mail to any of its addresses is delivered
 * into its one mailbox store; its user may submit mail after AUTH.
 *
 * @param primarySmtpAddress the address that names the mailbox (and the AUTH user name)
 * @param emailAddresses further addresses (Exchange's proxy addresses) that reach the same mailbox
 * @param password the user's password as a bcrypt hash ({@code $2y$...}, made by {@code mailflow
 *        hash-password}); none = the user cannot submit
 * @param sendAs further addresses the user may send from (Exchange's SendAs permission)
 * @param lmtpServer {@code host:port} of an LMTP server (e.g. Dovecot) that stores this mailbox;
 *        none = the server default, else the Maildir under the data directory
 */
public record Mailbox(String primarySmtpAddress, List<String> emailAddresses, String password, List<String> sendAs,
        String lmtpServer) implements Recipient {

    public Mailbox {
        emailAddresses = emailAddresses == null ? List.of() : List.copyOf(emailAddresses);
        sendAs = sendAs == null ? List.of() : List.copyOf(sendAs);
    }

    public Mailbox(String primarySmtpAddress, List<String> emailAddresses) {
        this(primarySmtpAddress, emailAddresses, null, null, null);
    }

    /** The primary address followed by every proxy address, parsed; only call on a valid mailbox. */
    public List<EmailAddress> allAddresses() {
        return Addresses.parsed(primarySmtpAddress, emailAddresses);
    }

    @Override
    public List<EmailAddress> addresses() {
        return allAddresses();
    }

    @Override
    public String describe() {
        return "mailbox " + primarySmtpAddress;
    }

    /** The primary address, parsed; only call on a valid mailbox. */
    public EmailAddress primary() {
        return EmailAddress.parse(primarySmtpAddress);
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        Addresses.checkRequired("primarySmtpAddress", primarySmtpAddress, "", errors);
        Addresses.checkEach("emailAddresses", emailAddresses, errors);
        Addresses.checkEach("sendAs", sendAs, errors);
        if (password != null && !password.matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
            errors.add(new ConfigError("password", "must be a bcrypt hash ($2y$...): make one with bin/mailflow hash-password;"
                    + " a password is never written in clear"));
        }
        if (lmtpServer != null) {
            try {
                HostPort.parse(lmtpServer, 24);
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError("lmtpServer", e.getMessage()));
            }
        }
        return errors;
    }
}
