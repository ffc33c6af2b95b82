package io.mailflow.dns;

import io.mailflow.model.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Address;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupSession;

/**
 * A {@link Resolver} that asks DNS servers through dnsjava's {@link LookupSession}, with no hosts
 * file and no search path, and keeps answers in dnsjava's {@link Cache} for as long as their TTL
 * says (negative answers for their SOA's negative TTL, RFC 2308 §5), so that a busy MX-routed
 * queue does not ask for every attempt. Nothing is kept longer than {@link #MAX_TTL} (negative
 * answers {@link #MAX_NEGATIVE_TTL}), a TTL of 0 is not kept at all, and the cache holds at most
 * {@link #MAX_NAMES} names (the least recently used go first). Failures (SERVFAIL, REFUSED,
 * timeouts) are never cached: the next call asks again. Equal-preference MX hosts are shuffled
 * on every call, after the cache, so a cached answer spreads the load as a fresh one does.
 *
 * <p>Time: each query waits exactly up to {@code timeout} for one server; with several servers
 * each is tried once, one after the other (dnsjava puts servers that failed recently last), so a
 * query gives up after {@code servers × timeout}. A CNAME the server did not resolve costs one
 * more query. A call never takes longer than {@code 2 × servers × timeout} ({@code Failed} "timed
 * out"). The A and AAAA queries of {@link #addresses} run in parallel. Thread-safe.
 */
public final class DnsJavaResolver implements Resolver {

    /** The longest a positive answer is kept, whatever its TTL (unbound's cache-max-ttl default). */
    public static final Duration MAX_TTL = Duration.ofDays(1);
    /** The longest a negative answer is kept (RFC 2308 §5: "one to three hours"; unbound's default). */
    public static final Duration MAX_NEGATIVE_TTL = Duration.ofHours(1);
    /** Names the cache holds at most; each holds every record type asked for that name. */
    public static final int MAX_NAMES = 10_000;

    private final LookupSession session;
    private final Duration callLimit;
    private final String servers;
    private final RandomGenerator random;
    private final Object randomLock = new Object();

    /**
     * @param servers empty = the system's resolvers (dnsjava's {@link ResolverConfig}, which reads
     *     {@code /etc/resolv.conf} once per JVM);
     *     else each {@code ip[:port]} ({@link HostPort}, default port 53; IPv6 as {@code [ip]:port})
     * @param timeout how long one server may take to answer one query; positive
     * @param random orders MX hosts of equal preference; used under a lock, so any generator will do
     * @throws IllegalArgumentException a server is not an IP literal, or the timeout is not positive
     */
    public DnsJavaResolver(List<String> servers, Duration timeout, RandomGenerator random) {
        this(servers, timeout, random, cache(MAX_NAMES));
    }

    /** As the public constructor, with the cache given ({@link #cache(int)} makes one as this class uses it). */
    DnsJavaResolver(List<String> servers, Duration timeout, RandomGenerator random, Cache cache) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("DNS timeout must be positive: " + timeout);
        }
        this.random = Objects.requireNonNull(random, "random");
        List<InetSocketAddress> addresses = servers.isEmpty()
                ? ResolverConfig.getCurrentConfig().servers()
                : servers.stream().map(DnsJavaResolver::serverAddress).toList();
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no DNS servers configured, and the system names none");
        }
        this.servers = addresses.stream().map(DnsJavaResolver::describe).toList().toString();
        this.session = LookupSession.builder().resolver(dnsjavaResolver(addresses, timeout)).cache(cache).build();
        this.callLimit = timeout.multipliedBy(2L * addresses.size());
    }

    /** A cache for class IN holding at most {@code names} names, with the TTL caps above. */
    static Cache cache(int names) {
        Cache cache = new Cache(DClass.IN);
        cache.setMaxEntries(names);
        cache.setMaxCache((int) MAX_TTL.toSeconds());
        cache.setMaxNCache((int) MAX_NEGATIVE_TTL.toSeconds());
        return cache;
    }

    @Override
    public MxLookup mx(String domain) {
        Optional<Name> name = absolute(domain);
        if (name.isEmpty()) {
            return new MxLookup.NoSuchDomain();
        }
        QueryResult result = await(query(name.get(), Type.MX));
        synchronized (randomLock) { // the injected generator need not be thread-safe
            return Answers.mx(result, random);
        }
    }

    @Override
    public AddressLookup addresses(String host) {
        Optional<InetAddress> literal = IpLiteral.parse(host);
        if (literal.isPresent()) {
            return new AddressLookup.Found(List.of(literal.get()));
        }
        Optional<Name> name = absolute(host);
        if (name.isEmpty()) {
            return new AddressLookup.NoSuchDomain();
        }
        CompletableFuture<QueryResult> a = query(name.get(), Type.A);
        CompletableFuture<QueryResult> aaaa = query(name.get(), Type.AAAA);
        return Answers.addresses(await(a), await(aaaa));
    }

    @Override
    public String toString() {
        return "DnsJavaResolver" + servers;
    }

    /** One question, completed with a result, never exceptionally, at the latest after the call limit. */
    private CompletableFuture<QueryResult> query(Name name, int type) {
        String question = Type.string(type) + " " + name.toString(true);
        return session.lookupAsync(name, type).toCompletableFuture()
                .handle(QueryResult::of)
                .completeOnTimeout(new QueryResult.Failed("timed out"), callLimit.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(r -> r instanceof QueryResult.Failed f
                        ? new QueryResult.Failed(question + ": " + f.reason() + " (servers " + servers + ")")
                        : r);
    }

    private static QueryResult await(CompletableFuture<QueryResult> future) {
        try {
            return future.get(); // completes by the call limit at the latest (completeOnTimeout)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            return new QueryResult.Failed("interrupted");
        } catch (ExecutionException e) {
            return new QueryResult.Failed(String.valueOf(e.getCause()));
        }
    }

    /**
     * The absolute DNS name for {@code domain}, so that no search path applies; empty if the text
     * cannot be a DNS name (too long, empty label), which no server could know.
     */
    private static Optional<Name> absolute(String domain) {
        if (domain == null || domain.isBlank() || domain.equals(".")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Name.fromString(domain, Name.root));
        } catch (TextParseException e) {
            return Optional.empty();
        }
    }

    private static org.xbill.DNS.Resolver dnsjavaResolver(List<InetSocketAddress> addresses, Duration timeout) {
        List<org.xbill.DNS.Resolver> each = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            each.add(new PromptResolver(new SimpleResolver(address), timeout));
        }
        if (each.size() == 1) {
            return each.getFirst();
        }
        ExtendedResolver extended = new ExtendedResolver(each);
        // One try per server: a server that did not answer within the timeout gets no second
        // chance in this query; the queue's retry is the second chance.
        extended.setRetries(1);
        extended.setTimeout(timeout.multipliedBy(addresses.size()));
        return extended;
    }

    private static String describe(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return new HostPort(host, a.getPort()).toString();
    }

    private static InetSocketAddress serverAddress(String server) {
        HostPort hp = HostPort.parse(server, 53);
        try {
            // Address.getByAddress parses literals only: a DNS server named by a name would need DNS.
            return new InetSocketAddress(Address.getByAddress(hp.host()), hp.port());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("DNS server must be an IP address: '" + server + "'", e);
        }
    }
}
