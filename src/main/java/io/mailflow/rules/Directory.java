package io.mailflow.rules;

import io.mailflow.model.EmailAddress;
import java.util.List;

/**
 * What the rule engine asks of the recipient directory: the pipeline answers it from the
 * configuration snapshot, so the engine itself stays pure.
 */
public interface Directory {

    /** The final recipients an address a rule adds resolves to (a group's members, a mail user's external address). */
    List<Party> resolve(EmailAddress address);

    /** The address as a party (for the sender). */
    Party describe(EmailAddress address);
}
