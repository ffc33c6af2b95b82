/**
 * DNS for delivery: the mail exchangers of a domain and the addresses of a host.
 *
 * <p><b>Owns:</b> the {@link io.mailflow.dns.Resolver} interface, its answers as closed sets
 * ({@link io.mailflow.dns.MxLookup}, {@link io.mailflow.dns.AddressLookup}) and
 * {@link io.mailflow.dns.DnsJavaResolver}, which asks the configured servers (or the system's)
 * through dnsjava. MX hosts come back sorted by preference, hosts of equal preference shuffled
 * on every call (after the cache, so cached answers are shuffled too); addresses come back IPv4
 * first. CNAME chains are followed. Answers are cached in dnsjava's {@code Cache} for their TTL
 * (at most a day), negative answers for their SOA's negative TTL (at most an hour), in at most
 * {@code DnsJavaResolver.MAX_NAMES} names.
 *
 * <p><b>Never:</b> throws for a DNS outcome (NXDOMAIN, no data, SERVFAIL, timeout: each is a
 * result), caches a failure (a SERVFAIL or timeout is asked again, never remembered as
 * NXDOMAIN), keeps an answer past its TTL, reads {@code /etc/hosts}, applies a search path, or
 * decides what to do with an answer: whether a {@code NoMx} means "use the implicit MX" or a
 * {@code Failed} means "try again later" is the caller's call.
 *
 * <p><b>Standards:</b> RFC 5321 §5.1 (MX order, equal preferences in random order, implicit MX),
 * RFC 7505 (null MX), RFC 1034 §3.6.2 (CNAME), RFC 2308 (negative caching), RFC 1035 §3.2.1
 * (TTL).
 *
 * <p><b>See also:</b> {@code io.mailflow.model.DnsSettings} (the {@code servers} it is built
 * from); the test fixture {@code io.mailflow.testing.TestDns} (a real dnsmasq server).
 */
package io.mailflow.dns;
