package io.mailflow.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Reads query results as MX and address answers: pure functions, no I/O. */
final class Answers {

    private Answers() {
    }

    /**
     * The MX answer for one MX query. {@code random} orders hosts of equal preference; the caller
     * makes sure no other thread uses it meanwhile.
     */
    static MxLookup mx(QueryResult result, RandomGenerator random) {
        return switch (result) {
            case QueryResult.NoSuchDomain n -> new MxLookup.NoSuchDomain();
            case QueryResult.Failed f -> new MxLookup.Failed(f.reason());
            case QueryResult.Records r -> mx(r.records(), random);
        };
    }

    static MxLookup mx(List<Record> records, RandomGenerator random) {
        List<MXRecord> mxs = records.stream().filter(MXRecord.class::isInstance).map(MXRecord.class::cast).toList();
        if (mxs.isEmpty()) {
            return new MxLookup.NoMx(); // RFC 5321 §5.1: the domain itself is the implicit MX
        }
        // RFC 7505 §3: a null MX is exactly one MX record, preference 0, target ".".
        if (mxs.size() == 1 && mxs.getFirst().getPriority() == 0 && mxs.getFirst().getTarget().equals(Name.root)) {
            return new MxLookup.NullMx();
        }
        Map<String, MxHost> byHost = new LinkedHashMap<>();
        for (MXRecord mx : mxs) {
            if (mx.getTarget().equals(Name.root)) {
                continue; // a "." beside real exchangers names no host: ignore it
            }
            MxHost host = new MxHost(mx.getPriority(), mx.getTarget().toString(true));
            // A host listed twice is tried once, at its best preference.
            byHost.merge(host.host(), host, (a, b) -> a.preference() <= b.preference() ? a : b);
        }
        if (byHost.isEmpty()) {
            return new MxLookup.NullMx(); // only "." targets: no usable exchanger at all
        }
        return new MxLookup.Found(ordered(new ArrayList<>(byHost.values()), random));
    }

    /**
     * Sorts by preference and shuffles each run of equal preference (RFC 5321 §5.1: "the sender
     * MUST randomize them to spread the load across multiple mail exchangers").
     */
    static List<MxHost> ordered(List<MxHost> hosts, RandomGenerator random) {
        List<MxHost> sorted = new ArrayList<>(hosts);
        sorted.sort(Comparator.comparingInt(MxHost::preference));
        int start = 0;
        while (start < sorted.size()) {
            int end = start + 1;
            while (end < sorted.size() && sorted.get(end).preference() == sorted.get(start).preference()) {
                end++;
            }
            if (end - start > 1) {
                Collections.shuffle(sorted.subList(start, end), random);
            }
            start = end;
        }
        return sorted;
    }

    /**
     * The address answer from the A and the AAAA query. Addresses found win, even if the other
     * query failed; otherwise a failure wins over "no such domain" and "no addresses", because a
     * temporary failure means nothing is known for sure.
     */
    static AddressLookup addresses(QueryResult a, QueryResult aaaa) {
        List<InetAddress> found = new ArrayList<>();
        for (QueryResult r : List.of(a, aaaa)) {
            if (r instanceof QueryResult.Records rs) {
                for (Record rec : rs.records()) {
                    switch (rec) {
                        case ARecord ar -> found.add(ar.getAddress());
                        case AAAARecord aaaar -> found.add(aaaar.getAddress());
                        default -> { } // not an address: nothing to add
                    }
                }
            }
        }
        if (!found.isEmpty()) {
            return new AddressLookup.Found(found);
        }
        if (a instanceof QueryResult.Failed f) {
            return new AddressLookup.Failed(f.reason());
        }
        if (aaaa instanceof QueryResult.Failed f) {
            return new AddressLookup.Failed(f.reason());
        }
        if (a instanceof QueryResult.NoSuchDomain || aaaa instanceof QueryResult.NoSuchDomain) {
            return new AddressLookup.NoSuchDomain();
        }
        return new AddressLookup.NoAddresses();
    }
}
