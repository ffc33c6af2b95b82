package io.mailflow.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

/** MX ordering, null MX and the combination of A and AAAA answers, without a server. */
class AnswersTest {

    private static final Name DOMAIN = name("example.test");

    private static Name name(String text) {
        return Name.fromConstantString(text.endsWith(".") ? text : text + ".");
    }

    private static MXRecord mx(int preference, String target) {
        return new MXRecord(DOMAIN, DClass.IN, 300, preference, name(target));
    }

    private static InetAddress ip(String literal) {
        return IpLiteral.parse(literal).orElseThrow();
    }

    private static QueryResult records(Record... records) {
        return new QueryResult.Records(List.of(records));
    }

    @Test
    void mxShouldSortByPreferenceAndNormaliseHostNames() {
        MxLookup result = Answers.mx(List.of(mx(30, "C.example.test"), mx(10, "a.example.test"), mx(20, "b.example.test")),
                new Random(1));
        assertThat(result).isEqualTo(new MxLookup.Found(List.of(new MxHost(10, "a.example.test"),
                new MxHost(20, "b.example.test"), new MxHost(30, "c.example.test"))));
    }

    @Test
    void orderedShouldShuffleOnlyWithinEqualPreferences() {
        List<MxHost> hosts = List.of(new MxHost(20, "x"), new MxHost(10, "a"), new MxHost(10, "b"), new MxHost(10, "c"),
                new MxHost(5, "first"));
        Random random = new Random(7);
        Set<List<String>> orders = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            List<MxHost> ordered = Answers.ordered(hosts, random);
            assertThat(ordered.getFirst()).isEqualTo(new MxHost(5, "first"));
            assertThat(ordered.getLast()).isEqualTo(new MxHost(20, "x"));
            orders.add(ordered.subList(1, 4).stream().map(MxHost::host).toList());
        }
        assertThat(orders).hasSize(6); // every permutation of a, b, c shows up
    }

    @Test
    void orderedShouldBeReproducibleWithTheSameSeed() {
        List<MxHost> hosts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            hosts.add(new MxHost(10, "mx" + i));
        }
        assertThat(Answers.ordered(hosts, new Random(3))).isEqualTo(Answers.ordered(hosts, new Random(3)));
    }

    @Test
    void mxShouldReturnNullMxForTheSingleRecordZeroDot() {
        assertThat(Answers.mx(List.of(mx(0, ".")), new Random(1))).isEqualTo(new MxLookup.NullMx());
    }

    @Test
    void mxShouldIgnoreADotAmongOtherRecords() {
        assertThat(Answers.mx(List.of(mx(0, "."), mx(10, "mx.example.test")), new Random(1)))
                .isEqualTo(new MxLookup.Found(List.of(new MxHost(10, "mx.example.test"))));
    }

    @Test
    void mxShouldReturnNullMxWhenEveryTargetIsTheRoot() {
        assertThat(Answers.mx(List.of(mx(10, ".")), new Random(1))).isEqualTo(new MxLookup.NullMx());
        assertThat(Answers.mx(List.of(mx(0, "."), mx(5, ".")), new Random(1))).isEqualTo(new MxLookup.NullMx());
    }

    @Test
    void mxShouldReturnNoMxWhenThereAreNoMxRecords() {
        TXTRecord txt = new TXTRecord(DOMAIN, DClass.IN, 300, "v=spf1 -all");
        assertThat(Answers.mx(List.of(), new Random(1))).isEqualTo(new MxLookup.NoMx());
        assertThat(Answers.mx(List.of(txt), new Random(1))).isEqualTo(new MxLookup.NoMx());
    }

    @Test
    void mxShouldListAHostOnceAtItsBestPreference() {
        assertThat(Answers.mx(List.of(mx(20, "mx.example.test"), mx(10, "MX.example.test")), new Random(1)))
                .isEqualTo(new MxLookup.Found(List.of(new MxHost(10, "mx.example.test"))));
    }

    @Test
    void mxShouldPassOnNxdomainAndFailures() {
        assertThat(Answers.mx(new QueryResult.NoSuchDomain(), new Random(1))).isEqualTo(new MxLookup.NoSuchDomain());
        assertThat(Answers.mx(new QueryResult.Failed("SERVFAIL"), new Random(1))).isEqualTo(new MxLookup.Failed("SERVFAIL"));
    }

    @Test
    void addressesShouldPutIpv4First() {
        QueryResult a = records(new ARecord(DOMAIN, DClass.IN, 300, ip("192.0.2.1")),
                new ARecord(DOMAIN, DClass.IN, 300, ip("192.0.2.2")));
        QueryResult aaaa = records(new AAAARecord(DOMAIN, DClass.IN, 300, ip("2001:db8::1")));
        assertThat(Answers.addresses(a, aaaa))
                .isEqualTo(new AddressLookup.Found(List.of(ip("192.0.2.1"), ip("192.0.2.2"), ip("2001:db8::1"))));
    }

    @Test
    void addressesShouldUseWhatWasFoundWhenTheOtherFamilyFailed() {
        QueryResult aaaa = records(new AAAARecord(DOMAIN, DClass.IN, 300, ip("2001:db8::1")));
        assertThat(Answers.addresses(new QueryResult.Failed("timed out"), aaaa))
                .isEqualTo(new AddressLookup.Found(List.of(ip("2001:db8::1"))));
    }

    @Test
    void addressesShouldFailWhenNothingWasFoundAndAQueryFailed() {
        assertThat(Answers.addresses(records(), new QueryResult.Failed("timed out")))
                .isEqualTo(new AddressLookup.Failed("timed out"));
        assertThat(Answers.addresses(new QueryResult.Failed("SERVFAIL"), new QueryResult.NoSuchDomain()))
                .isEqualTo(new AddressLookup.Failed("SERVFAIL"));
    }

    @Test
    void addressesShouldTellNoSuchDomainFromNoAddresses() {
        assertThat(Answers.addresses(new QueryResult.NoSuchDomain(), new QueryResult.NoSuchDomain()))
                .isEqualTo(new AddressLookup.NoSuchDomain());
        assertThat(Answers.addresses(records(), records())).isEqualTo(new AddressLookup.NoAddresses());
    }
}
