package io.mailflow.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The CLI's side of the admin API: calls the running gateway named in its runtime file. */
public final class AdminClient {

    /** A response: HTTP status and JSON body. */
    public record Response(int status, JsonNode body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private final RuntimeFile.Info gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AdminClient(RuntimeFile.Info gateway) {
        this.gateway = gateway;
    }

    public Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** POSTs a JSON body. */
    public Response post(String path, JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ApiJson.MAPPER.writeValueAsString(body))));
    }

    /** PATCHes a JSON merge patch (RFC 7396). */
    public Response patch(String path, JsonNode mergePatch) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(ApiJson.MAPPER.writeValueAsString(mergePatch))));
    }

    /** A GET whose answer is text (YAML); the status with it. */
    public HttpResponse<String> getText(String path) throws IOException, InterruptedException {
        return http.send(authorized(HttpRequest.newBuilder(uri(path)).GET()), HttpResponse.BodyHandlers.ofString());
    }

    public Response delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    private URI uri(String path) {
        return URI.create(gateway.adminUrl() + path);
    }

    /** The local credential, and the system user a configuration change is recorded with. */
    private HttpRequest authorized(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + gateway.token())
                .header(ConfigRoutes.USER_HEADER, System.getProperty("user.name", "")).timeout(Duration.ofSeconds(60)).build();
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(authorized(request), HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body().isBlank() ? ApiJson.MAPPER.nullNode() : ApiJson.MAPPER.readTree(r.body());
        return new Response(r.statusCode(), body);
    }
}
