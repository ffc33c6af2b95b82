package io.mailflow.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.model.HostPort;
import io.mailflow.testing.TestGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code server.admin.tls: true}: the admin listener speaks HTTPS with the gateway's certificate, and only HTTPS. */
class AdminTlsIT {

    @TempDir
    Path dir;

    @Test
    void theAdminListenerShouldServeHttpsWithTheGatewaysCertificateAndNoPlainHttp() throws Exception {
        try (TestGateway gateway = TestGateway.startYaml(dir, """
                server:
                  hostname: mail.contoso.test
                  dataDirectory: ./data
                  listeners:
                    - {name: Default Frontend, bind: '127.0.0.1:0'}
                  admin: {bind: '127.0.0.1:0', tls: true}
                  shutdownTimeout: 5s
                """)) {
            AdminServer admin = new AdminServer(gateway.gateway()).start(HostPort.parse("127.0.0.1:0", -1));
            try {
                assertThat(admin.url()).startsWith("https://127.0.0.1:");
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("gateway", gateway.gateway().tls().certificate());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext client = SSLContext.getInstance("TLS");
                client.init(null, tmf.getTrustManagers(), null);

                HttpsURLConnection health = (HttpsURLConnection) URI.create(admin.url() + "/health").toURL().openConnection();
                health.setSSLSocketFactory(client.getSocketFactory());
                health.setHostnameVerifier((host, session) -> true); // the certificate names mail.contoso.test; we dial 127.0.0.1
                assertThat(health.getResponseCode()).isEqualTo(200);
                assertThat(new String(health.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("\"status\":\"UP\"");
                assertThat(health.getServerCertificates()[0]).isEqualTo(gateway.gateway().tls().certificate());

                String plainUrl = admin.url().replace("https://", "http://") + "/health";
                int plain;
                try {
                    plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(plainUrl)).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode();
                } catch (IOException refused) {
                    plain = -1;
                }
                assertThat(plain).as("plain HTTP on the HTTPS port").isNotEqualTo(200);
            } finally {
                admin.stop();
            }
        }
    }
}
