package io.mailflow.rules;

import io.mailflow.model.EmailAddress;
import java.util.Set;

/**
 * A sender or recipient as the rules see it, with what the directory knows about it.
 *
 * @param address the address itself
 * @param primary the primary address of its directory object (the address itself when none);
 *        recipient address conditions look at this one only, as Exchange does
 * @param identities the keys ({@link EmailAddress#key()}) of every address of its directory
 *        object, so {@code from}/{@code sentTo} match any of them
 * @param groups the keys of the primary addresses of the groups it belongs to, nested ones included
 * @param inOrganization it belongs to the organization (FromScope / SentToScope InOrganization)
 */
public record Party(EmailAddress address, EmailAddress primary, Set<String> identities, Set<String> groups,
        boolean inOrganization) {

    public Party {
        identities = Set.copyOf(identities);
        groups = Set.copyOf(groups);
    }
}
