package io.mailflow.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.model.HostPort;
import io.mailflow.testing.TestGateway;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/openapi.json} from a running admin listener, read by swagger-parser: a valid
 * OpenAPI 3.1 document that lists exactly the routes the listener serves, with the objects'
 * fields by the YAML's names.
 */
class OpenApiIT {

    @TempDir
    Path dir;

    @Test
    void theDocumentShouldBeValidOpenApi31AndListExactlyTheRoutesServed() throws Exception {
        try (TestGateway gateway = TestGateway.start(dir, "", TestGateway.DIRECTORY)) {
            AdminServer admin = new AdminServer(gateway.gateway()).start(HostPort.parse("127.0.0.1:0", -1));
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(admin.url() + "/api/v1/openapi.json"))
                        .header("Authorization", "Bearer " + admin.token()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);

                SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body());
                assertThat(parsed.getMessages()).as("the parser's complaints").isEmpty();
                OpenAPI api = parsed.getOpenAPI();
                assertThat(api.getOpenapi()).isEqualTo("3.1.0");

                Set<String> documented = new TreeSet<>();
                api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                        .forEach((PathItem.HttpMethod m) -> documented.add(m.name().toLowerCase(Locale.ROOT) + " " + path)));
                assertThat(documented).as("documented = served").isEqualTo(admin.routes());

                var connector = api.getComponents().getSchemas().get("OutboundConnector");
                assertThat(connector.getProperties()).containsKeys("name", "connectorType", "smartHosts", "tlsSettings", "useMxRecord");
                assertThat(api.getPaths().get("/health").getGet().getSecurity()).as("health needs no credentials").isEmpty();
            } finally {
                admin.stop();
            }
        }
    }
}
