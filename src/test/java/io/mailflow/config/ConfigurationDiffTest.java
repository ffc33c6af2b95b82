package io.mailflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The diff an administrator reads: objects by identity, sections by path, one line per field. */
class ConfigurationDiffTest {

    private static JsonNode yaml(String text) throws ConfigException {
        return ConfigLoader.readDocument("test", text);
    }

    @Test
    void aChangedFieldOfAnObjectShouldBeNamedByTheObjectsIdentityNotItsPlace() throws Exception {
        JsonNode before = yaml("""
                outboundConnectors:
                  - name: Fabrikam
                    smartHosts: [a.fabrikam.test]
                  - name: Contoso
                    smartHosts: [a.contoso.test]
                """);
        JsonNode after = yaml("""
                outboundConnectors:
                  - name: Fabrikam
                    smartHosts: [a.fabrikam.test]
                  - name: Contoso
                    smartHosts: [a.contoso.test, b.contoso.test]
                    enabled: false
                """);
        assertThat(ConfigurationDiff.between(before, after)).containsExactly(
                "outboundConnectors/Contoso: smartHosts: [a.contoso.test] -> [a.contoso.test, b.contoso.test]",
                "outboundConnectors/Contoso: enabled: (not set) -> false");
    }

    @Test
    void addedRemovedAndReorderedObjectsShouldEachBeOneLine() throws Exception {
        JsonNode before = yaml("""
                acceptedDomains:
                  - domainName: contoso.test
                  - domainName: fabrikam.test
                  - domainName: old.test
                """);
        JsonNode after = yaml("""
                acceptedDomains:
                  - domainName: Fabrikam.test
                  - domainName: contoso.test
                  - domainName: new.test
                    domainType: InternalRelay
                """);
        assertThat(ConfigurationDiff.between(before, after)).containsExactly(
                "acceptedDomains/fabrikam.test: domainName: fabrikam.test -> Fabrikam.test",
                "acceptedDomains/old.test: removed",
                "acceptedDomains/new.test: added {domainName: new.test, domainType: InternalRelay}",
                "acceptedDomains: order: [contoso.test, fabrikam.test] -> [Fabrikam.test, contoso.test]");
    }

    @Test
    void sectionsShouldBeNamedByTheirYamlPathAndListenersByName() throws Exception {
        JsonNode before = yaml("""
                server:
                  limits:
                    maxMessageSize: 36MB
                  listeners:
                    - name: Default Frontend
                      bind: 127.0.0.1:25
                transport:
                  retryIntervals: [1m, 5m]
                """);
        JsonNode after = yaml("""
                server:
                  listeners:
                    - bind: 0.0.0.0:25
                      name: Default Frontend
                  limits:
                    maxMessageSize: 50MB
                transport:
                  retryIntervals: [1m, 5m]
                dns:
                  servers: [127.0.0.1:5353]
                """);
        assertThat(ConfigurationDiff.between(before, after)).containsExactly(
                "server.limits.maxMessageSize: 36MB -> 50MB",
                "server.listeners/Default Frontend: bind: 127.0.0.1:25 -> 0.0.0.0:25",
                "dns: (not set) -> {servers: [127.0.0.1:5353]}");
    }

    @Test
    void documentsThatDifferOnlyInTheOrderOfFieldsShouldHaveNoDiff() throws Exception {
        JsonNode a = yaml("server:\n  hostname: a\n  shutdownTimeout: 5s\nacceptedDomains:\n  - domainName: x.test\n    domainType: Authoritative\n");
        JsonNode b = yaml("acceptedDomains:\n  - domainType: Authoritative\n    domainName: x.test\nserver:\n  shutdownTimeout: 5s\n  hostname: a\n");
        assertThat(ConfigurationDiff.between(a, b)).isEmpty();
        assertThat(ConfigDocuments.hash(a)).isEqualTo(ConfigDocuments.hash(b));
    }
}
