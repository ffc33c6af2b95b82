package io.mailflow.config;

import io.mailflow.model.AcceptedDomain;
import io.mailflow.model.Configuration;
import io.mailflow.model.DomainType;
import io.mailflow.model.EmailAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * What a valid configuration may not do as its administrator means it to. A warning never refuses
 * a file: check-config prints it (and still exits 0), the gateway logs it at start and reload. Each
 * check is one method adding {@link ConfigProblem}s located like errors, by field and line.
 */
final class ConfigWarnings {

    private ConfigWarnings() {
    }

    /** @param lineOf the line of a field's YAML path (0 when unknown) */
    static List<ConfigProblem> of(ConfigSnapshot s, String file, ToIntFunction<String> lineOf) {
        List<ConfigProblem> out = new ArrayList<>();
        postmaster(s, (field, message) -> out.add(new ConfigProblem(file, lineOf.applyAsInt(field), field, message)));
        return List.copyOf(out);
    }

    /** Where one check puts its warnings. */
    private interface Sink {
        void warn(String field, String message);
    }

    /**
     * RFC 5321 §4.5.1: postmaster@ every accepted domain MUST be accepted. Without
     * transport.postmasterRecipient it goes to the first mailbox, which may not be who reads it;
     * without any mailbox it has nowhere to go. Nothing to say when the directory owns every
     * domain's postmaster itself.
     */
    private static void postmaster(ConfigSnapshot s, Sink sink) {
        Configuration c = s.configuration();
        if (c.transport().postmasterRecipient() != null) {
            return;
        }
        List<AcceptedDomain> unowned = c.acceptedDomains().stream()
                .filter(d -> s.isUnownedPostmaster(new EmailAddress("postmaster", d.domainName()))).toList();
        if (unowned.isEmpty()) {
            return;
        }
        String domains = unowned.stream().map(d -> "postmaster@" + d.domainName()).collect(Collectors.joining(", "));
        if (s.postmasterRecipient().isPresent()) {
            sink.warn("transport.postmasterRecipient", "not set: mail to " + domains + " goes to the first mailbox, "
                    + s.postmasterRecipient().get() + "; set it to the address that reads postmaster mail");
            return;
        }
        boolean authoritative = unowned.stream().anyMatch(d -> d.domainType() == DomainType.Authoritative);
        sink.warn("transport.postmasterRecipient", "not set and there is no mailbox: " + domains
                + (authoritative ? " is refused (550 5.4.1) in Authoritative domains although RFC 5321 §4.5.1 requires it to"
                        + " be accepted, and replies to our NDRs bounce" : " is relayed on like any unknown recipient")
                + "; set it to a directory recipient or an external address");
    }
}
