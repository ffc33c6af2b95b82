package io.mailflow.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.config.ConfigLoader;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.EmailAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Connector precedence as golden tables: recipient -> next hop (DECISIONS.md, exchange-mailflow.md §1.5). */
class RouterTest {

    /** Exchange's own example (CONN-ROUTE), resolved the way DECISIONS.md chooses: the most specific connector wins. */
    private static final ConfigSnapshot EXCHANGE_EXAMPLE = load("""
            acceptedDomains:
              - {domainName: contoso.com, domainType: InternalRelay}
              - {domainName: sales.contoso.com, domainType: InternalRelay}
              - {domainName: fabrikam.com, domainType: InternalRelay}
            outboundConnectors:
              - {name: Connector 1, connectorType: OnPremises, allAcceptedDomains: true, useMxRecord: false, smartHosts: [10.0.0.1]}
              - {name: Connector 2, connectorType: OnPremises, recipientDomains: [contoso.com], useMxRecord: false, smartHosts: [10.0.0.2]}
              - {name: Connector 3, connectorType: OnPremises, recipientDomains: ['*.contoso.com'], useMxRecord: false, smartHosts: [10.0.0.3]}
            """);

    private static final ConfigSnapshot MANY = load("""
            acceptedDomains:
              - {domainName: contoso.test, domainType: Authoritative}
              - {domainName: fabrikam.test, domainType: InternalRelay}
            mailboxes:
              - {primarySmtpAddress: alice@contoso.test}
            outboundConnectors:
              - {name: Bconnector, connectorType: Partner, recipientDomains: [partner.test], useMxRecord: false, smartHosts: [10.0.0.2]}
              - {name: aconnector, connectorType: Partner, recipientDomains: [partner.test], useMxRecord: false, smartHosts: [10.0.0.1]}
              - {name: Wide, connectorType: Partner, recipientDomains: ['*.partner2.test'], useMxRecord: true}
              - {name: Narrow, connectorType: Partner, recipientDomains: ['*.eu.partner2.test'], useMxRecord: true}
              - {name: Exact partner2, connectorType: Partner, recipientDomains: [partner2.test], useMxRecord: true}
              - {name: Everything else, connectorType: Partner, recipientDomains: ['*'], useMxRecord: true}
              - {name: Fabrikam on-premises, connectorType: OnPremises, recipientDomains: [fabrikam.test], useMxRecord: false, smartHosts: [10.0.1.1]}
              - {name: Switched off, connectorType: Partner, enabled: false, recipientDomains: [off.test], useMxRecord: true}
              - {name: Rule only, connectorType: Partner, isTransportRuleScoped: true, recipientDomains: [rule.test], useMxRecord: false, smartHosts: [10.0.2.1]}
            """);

    private static ConfigSnapshot load(String yaml) {
        try {
            return ConfigSnapshot.of(ConfigLoader.parse("test", yaml), null, 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String route(ConfigSnapshot config, String recipient, String rule, boolean fromOnPremises) {
        return Router.decide(new RouteRequest(EmailAddress.parse(recipient), rule, fromOnPremises, false), config).nextHop().key();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            john@fabrikam.com       | connector:Connector 1
            john@contoso.com        | connector:Connector 2
            john@sales.contoso.com  | connector:Connector 3
            john@eu.sales.contoso.com | connector:Connector 3
            john@other.example      | mx:other.example
            """)
    void exchangeExampleShouldPreferTheMostSpecificConnector(String recipient, String expected) {
        assertThat(route(EXCHANGE_EXAMPLE, recipient, null, false)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            alice@contoso.test          | mailbox:alice@contoso.test
            bob@fabrikam.test           | connector:Fabrikam on-premises
            x@partner.test              | connector:aconnector
            x@partner2.test             | connector-mx:partner2.test:Exact partner2
            x@a.partner2.test           | connector-mx:a.partner2.test:Wide
            x@eu.partner2.test          | connector-mx:eu.partner2.test:Narrow
            x@fr.eu.partner2.test       | connector-mx:fr.eu.partner2.test:Narrow
            x@off.test                  | connector-mx:off.test:Everything else
            x@rule.test                 | connector-mx:rule.test:Everything else
            x@anywhere.example          | connector-mx:anywhere.example:Everything else
            """)
    void connectorsShouldBeChosenByPrecedenceThenName(String recipient, String expected) {
        assertThat(route(MANY, recipient, null, false)).isEqualTo(expected);
    }

    @Test
    void equallySpecificConnectorsShouldGoToTheNameThatSortsFirstCaseInsensitively() {
        RouteDecision d = Router.decide(RouteRequest.of(EmailAddress.parse("x@partner.test")), MANY);
        assertThat(d.nextHop()).isEqualTo(new NextHop.Connector("aconnector", null));
        assertThat(d.steps()).anyMatch(s -> s.contains("'Bconnector'") && s.contains("sorts first by name (S12)"));
    }

    @Test
    void explanationShouldNameEveryCandidateAndWhyItLost() {
        RouteDecision d = Router.decide(RouteRequest.of(EmailAddress.parse("x@eu.partner2.test")), MANY);
        assertThat(d.steps()).anyMatch(s -> s.startsWith("'Narrow' matches by wildcard *.eu.partner2.test: chosen"))
                .anyMatch(s -> s.startsWith("'Wide' matches by wildcard *.partner2.test: not chosen (the longer wildcard"))
                .anyMatch(s -> s.startsWith("'Everything else' matches by * (every domain): not chosen (more specific"));
        assertThat(Router.decide(RouteRequest.of(EmailAddress.parse("x@off.test")), MANY).steps())
                .anyMatch(s -> s.contains("'Switched off'") && s.contains("disabled: ignored"));
        assertThat(Router.decide(RouteRequest.of(EmailAddress.parse("x@rule.test")), MANY).steps())
                .anyMatch(s -> s.contains("'Rule only'") && s.contains("isTransportRuleScoped"));
    }

    @Test
    void aRuleShouldRouteToAnyEnabledConnectorEvenARuleScopedOneAndEvenForAMailbox() {
        assertThat(route(MANY, "x@anywhere.example", "Rule only", false)).isEqualTo("connector:Rule only");
        assertThat(route(MANY, "alice@contoso.test", "rule ONLY", false)).isEqualTo("connector:Rule only");
        assertThat(route(MANY, "x@anywhere.example", "Switched off", false))
                .as("a disabled connector named by a rule: normal routing").isEqualTo("connector-mx:anywhere.example:Everything else");
        assertThat(route(MANY, "x@anywhere.example", "No such connector", false)).startsWith("connector-mx:");
    }

    @Test
    void routeAllMessagesViaOnPremisesShouldTakeExternalMailExceptWhatCameFromOnPremises() {
        ConfigSnapshot c = load("""
                acceptedDomains:
                  - {domainName: contoso.test, domainType: InternalRelay}
                outboundConnectors:
                  - {name: Partner, connectorType: Partner, recipientDomains: [partner.test], useMxRecord: true}
                  - {name: Central, connectorType: OnPremises, recipientDomains: [contoso.test], routeAllMessagesViaOnPremises: true,
                     useMxRecord: false, smartHosts: [10.0.0.1]}
                """);
        assertThat(route(c, "x@partner.test", null, false)).isEqualTo("connector:Central");
        assertThat(route(c, "x@gmail.example", null, false)).isEqualTo("connector:Central");
        assertThat(route(c, "x@partner.test", null, true)).as("no ping-pong").isEqualTo("connector-mx:partner.test:Partner");
        assertThat(route(c, "x@gmail.example", null, true)).isEqualTo("mx:gmail.example");
        assertThat(route(c, "x@contoso.test", null, false)).as("accepted domains use normal matching").isEqualTo("connector:Central");
    }

    @Test
    void aRuleScopedConnectorShouldNotTakeAllMailEvenWithRouteAllMessagesViaOnPremises() {
        ConfigSnapshot c = load("""
                acceptedDomains:
                  - {domainName: contoso.test, domainType: InternalRelay}
                outboundConnectors:
                  - {name: Central, connectorType: OnPremises, recipientDomains: ['*'], routeAllMessagesViaOnPremises: true,
                     isTransportRuleScoped: true, useMxRecord: false, smartHosts: [10.0.0.1]}
                """);
        assertThat(route(c, "x@gmail.example", null, false)).isEqualTo("mx:gmail.example");
        assertThat(route(c, "x@gmail.example", "Central", false)).as("a rule may still route there").isEqualTo("connector:Central");
    }

    @Test
    void connectorDomainsWrittenInUnicodeShouldMatchTheirRecipients() {
        ConfigSnapshot c = load("""
                acceptedDomains:
                  - {domainName: contoso.test}
                outboundConnectors:
                  - {name: Books, connectorType: Partner, recipientDomains: [bücher.example], useMxRecord: false,
                     smartHosts: [10.0.0.1], tlsSettings: EncryptionOnly}
                  - {name: Shops, connectorType: Partner, recipientDomains: ['*.Läden.example'], useMxRecord: true}
                  - {name: Sharp s, connectorType: Partner, recipientDomains: [faß.de], useMxRecord: false, smartHosts: [10.0.0.2]}
                """);
        assertThat(route(c, "x@bücher.example", null, false)).isEqualTo("connector:Books");
        assertThat(route(c, "x@FAß.de", null, false)).isEqualTo("connector:Sharp s");
        assertThat(route(c, "x@fass.de", null, false)).as("UTS #46: fass.de is another domain, with its own MX")
                .isEqualTo("mx:fass.de");
        assertThat(route(c, "x@xn--bcher-kva.example", null, false)).as("the same domain in A-labels").isEqualTo("connector:Books");
        assertThat(route(c, "x@berlin.läden.example", null, false)).startsWith("connector-mx:").endsWith(":Shops");
    }

    @Test
    void nextHopKeysShouldReadBack() {
        for (NextHop h : new NextHop[] {new NextHop.Mailbox("a@b.test"), new NextHop.Connector("To: Fabrikam", null),
                new NextHop.Connector("Partner TLS", "partner.test"), new NextHop.Mx("example.com"),
                new NextHop.Connector("Partner", "[IPv6:2001:db8::1]"), new NextHop.Mx("[IPv6:2001:db8::1]"),
                new NextHop.Connector("Partner", "[192.0.2.1]")}) {
            assertThat(NextHop.parse(h.key())).isEqualTo(h);
        }
    }
}
