package io.mailflow.dns;

/**
 * Answers the two DNS questions delivery asks. Implementations never throw for a DNS outcome:
 * every answer, including a failure, is a result.
 */
public interface Resolver {

    /**
     * The mail exchangers of {@code domain}.
     *
     * @param domain a lower-case ASCII domain (A-label), without a trailing dot
     */
    MxLookup mx(String domain);

    /**
     * The A and AAAA addresses of {@code host}, IPv4 first. An IP literal ({@code 192.0.2.1},
     * {@code 2001:db8::1}, {@code [2001:db8::1]}) is returned as it is, without a query.
     */
    AddressLookup addresses(String host);
}
