package io.mailflow.rules;

import io.mailflow.message.MessageContent;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.RuleParameters;
import io.mailflow.model.TransportRule;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 5's number: 300 rules of mixed conditions evaluated against a 50 KiB message (multipart:
 * a text and an HTML alternative and a PDF attachment), the whole {@link RuleEngine#run} per
 * message, parsing included. A realistic rule set mostly does not match a given message; a few
 * rules match and take cheap actions (a header, a route). {@code bash bench/rules/run.sh} runs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class RuleEngineBenchmark {

    /** How many of the 300 rules match the message and act on it. */
    @Param({"0", "5"})
    public int matching;

    List<TransportRule> rules;
    RuleInput input;

    @Setup
    public void setUp() throws Exception {
        rules = rules(300, matching, new Random(42));
        byte[] message = message(50 * 1024, new Random(7));
        Directory directory = new Directory() {
            @Override
            public List<Party> resolve(EmailAddress address) {
                return List.of(describe(address));
            }

            @Override
            public Party describe(EmailAddress address) {
                boolean inside = address.domain().equals("contoso.test");
                return new Party(address, address, Set.of(address.key()), inside ? Set.of("staff@contoso.test") : Set.of(), inside);
            }
        };
        List<RuleInput.Recipient> recipients = List.of(
                new RuleInput.Recipient(directory.describe(EmailAddress.parse("bob@contoso.test")), null, null),
                new RuleInput.Recipient(directory.describe(EmailAddress.parse("partner@fabrikam.example")), null, null));
        input = new RuleInput(directory.describe(EmailAddress.parse("alice@contoso.test")), true,
                InetAddress.getByName("192.0.2.10"), recipients, MessageContent.ofBytes(message), directory, false);
        RuleOutcome check = RuleEngine.run(rules, input, Instant.now());
        if (check.hits().stream().map(RuleHit::rule).distinct().count() != matching) {
            throw new IllegalStateException("expected " + matching + " matching rules, got " + check.hits());
        }
    }

    @Benchmark
    public RuleOutcome threeHundredRulesOnFiftyKib() {
        return RuleEngine.run(rules, input, Instant.now());
    }

    /** 300 rules cycling through the condition kinds, with values this message does not have, except {@code matching} of them. */
    static List<TransportRule> rules(int n, int matching, Random r) {
        List<TransportRule> out = new ArrayList<>();
        java.util.Set<Integer> matchAt = new java.util.HashSet<>();
        for (int k = 0; k < matching; k++) {
            matchAt.add(k * (n / matching) + k); // spread over the list and over the condition kinds
        }
        for (int i = 0; i < n; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", "rule " + i);
            boolean match = matchAt.contains(i);
            String w = match ? "quarterly" : ruleWord(r);
            switch (i % 12) {
                case 0 -> p.put("subjectContainsWords", List.of(w, ruleWord(r), ruleWord(r)));
                case 1 -> p.put("subjectOrBodyContainsWords", List.of(match ? "forecast" : ruleWord(r), ruleWord(r), ruleWord(r) + " " + ruleWord(r)));
                case 2 -> p.put("senderDomainIs", List.of(match ? "contoso.test" : ruleWord(r) + ".example"));
                case 3 -> p.put("recipientDomainIs", List.of(match ? "fabrikam.example" : ruleWord(r) + ".example"));
                case 4 -> {
                    p.put("headerContainsMessageHeader", "X-Department");
                    p.put("headerContainsWords", List.of(match ? "finance" : ruleWord(r)));
                }
                case 5 -> p.put("attachmentExtensionMatchesWords", List.of(match ? "pdf" : "exe", match ? "pdf" : "js"));
                case 6 -> p.put("subjectMatchesPatterns", List.of(match ? "report \\d{4}" : "^" + ruleWord(r) + "\\s+\\d+"));
                case 7 -> {
                    p.put("fromScope", "NotInOrganization");
                    p.put("subjectContainsWords", List.of(ruleWord(r)));
                }
                case 8 -> p.put("messageSizeOver", match ? "10KB" : "10MB");
                case 9 -> p.put("senderIpRanges", List.of(match ? "192.0.2.0/24" : "10." + r.nextInt(255) + ".0.0/16"));
                case 10 -> p.put("subjectOrBodyMatchesPatterns", List.of(match ? "forecast for \\w+" : "invoice #" + (1000 + i)));
                default -> {
                    p.put("sentToScope", "NotInOrganization");
                    p.put("fromAddressContainsWords", List.of(match ? "alice" : ruleWord(r)));
                }
            }
            p.put("setHeaderName", "X-Rule-" + i);
            p.put("setHeaderValue", "applied");
            TransportRule rule = RuleParameters.parse(p);
            if (!rule.problems().isEmpty()) {
                throw new IllegalStateException(rule.problems().toString());
            }
            out.add(rule);
        }
        return out;
    }

    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "zen", "pri", "sol", "dar", "qua"};

    /** A word the message never has: the message's words never start with "qq". */
    private static String ruleWord(Random r) {
        return "q" + word(r);
    }

    private static String word(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            b.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
        }
        return b.toString();
    }

    /** A multipart/mixed message of about {@code size} bytes: text and HTML alternatives of prose, and a PDF. */
    static byte[] message(int size, Random r) {
        StringBuilder prose = new StringBuilder();
        while (prose.length() < size / 3) {
            prose.append(word(r)).append(r.nextInt(10) == 0 ? ".\r\n" : " ");
        }
        prose.append("\r\nThe forecast for Q3 is attached.\r\n");
        byte[] pdf = new byte[size / 4];
        r.nextBytes(pdf);
        String text = "From: Alice <alice@contoso.test>\r\n"
                + "To: Bob <bob@contoso.test>, partner@fabrikam.example\r\n"
                + "Subject: Quarterly report 2026\r\n"
                + "X-Department: Finance\r\n"
                + "Message-ID: <bench@contoso.test>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n"
                + "--mix\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
                + "--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + prose + "\r\n"
                + "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>" + prose.toString().replace("\r\n", "</p><p>")
                + "</p></body></html>\r\n--alt--\r\n"
                + "--mix\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"q3.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(pdf) + "\r\n--mix--\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
