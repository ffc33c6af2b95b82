package io.mailflow.model;

import java.util.List;

/**
 * An object of the recipient directory (Exchange's recipient types): a mailbox held here, a mail
 * user or mail contact whose mail goes elsewhere, or a distribution group.
 */
public sealed interface Recipient permits Mailbox, MailUser, MailContact, DistributionGroup {

    /** The addresses that reach this recipient here (primary first when it has one). */
    List<EmailAddress> addresses();

    /** How the trace names it, e.g. {@code mailbox alice@contoso.test}. */
    String describe();
}
