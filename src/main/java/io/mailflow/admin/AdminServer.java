package io.mailflow.admin;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.mailflow.Gateway;
import io.mailflow.config.ConfigException;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.config.ConfigurationObjects;
import io.mailflow.model.HostPort;
import io.mailflow.store.StoreException;
import io.mailflow.store.TraceQuery;
import io.mailflow.store.admin.AdminDirectory;
import io.mailflow.store.admin.AdminRole;
import io.mailflow.store.admin.ApiTokens;
import io.mailflow.store.configuration.ChangeSource;
import io.mailflow.store.configuration.ConfigurationChange;
import io.mailflow.store.sqlite.SqliteAdminDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP admin endpoint: {@code /health}, {@code /metrics}, the {@code /api} the CLI calls and
 * the web admin center at {@code /}. Every API request needs an admin account or API token
 * ({@link AdminAuthorization}); every page but the sign-in page a signed-in session ({@code web.WebAccess}).
 */
public final class AdminServer {

    /** The gateway's own token for the CLI on this machine, renewed at each start and published in the runtime file. */
    public static final String LOCAL_TOKEN = "local-cli";
    /** The token printed at a start with no admin account, so the first one can be made over the API or a script. */
    public static final String SETUP_TOKEN = "setup";
    private static final Duration SETUP_TOKEN_LIFETIME = Duration.ofHours(24);

    private final Gateway gateway;
    private final Clock clock;
    private String token;
    private String setupToken;
    private AdminDirectory directory;
    private AdminLogin login;
    private AdminAuthorization authorization;
    private Javalin app;

    public AdminServer(Gateway gateway) {
        this(gateway, Clock.systemUTC());
    }

    /** @param clock what tokens expire by */
    public AdminServer(Gateway gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    public AdminServer start(HostPort bind) {
        openDirectory();
        login = new AdminLogin(directory, clock);
        authorization = new AdminAuthorization(directory, login, clock);
        boolean tls = gateway.config().configuration().server().admin().tls();
        var web = new io.mailflow.admin.web.WebAdminCenter(gateway, login, directory, clock, tls);
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.jsonMapper(new JavalinJackson(ApiJson.MAPPER, true));
            cfg.routes.get("/health", this::health);
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(gateway.metrics().scrape()));
            cfg.routes.before(authorization::handle);
            cfg.routes.before(web::before);
            web.register(cfg.routes);
            cfg.routes.post("/api/reload", this::reload);
            cfg.routes.get("/api/queue", ctx -> ctx.json(gateway.queue().list()));
            cfg.routes.post("/api/queue/{id}/retry", ctx -> found(ctx, gateway.queue().retry(ctx.pathParam("id"))));
            cfg.routes.delete("/api/queue/{id}", ctx -> found(ctx, gateway.queue().delete(ctx.pathParam("id"))));
            cfg.routes.get("/api/trace", this::trace);
            cfg.routes.get("/api/v1/openapi.json", ctx -> ctx.json(OpenApiDocument.build()));
            new ConfigRoutes(gateway::configuration).register(cfg.routes);
            new ObjectRoutes(() -> new ConfigurationObjects(gateway.configuration())).register(cfg.routes);
            new AuditLogRoutes(gateway::configuration, directory).register(cfg.routes);
            new OperationRoutes(gateway).register(cfg.routes);
            if (tls) {
                // HTTPS only, with the gateway's certificate as it was at the start (a renewal reaches the admin listener at the next restart)
                cfg.jetty.addConnector((server, http) -> {
                    var ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
                    ssl.setSslContext(gateway.tls().context());
                    ssl.setIncludeProtocols(io.mailflow.tls.ServerTlsContext.PROTOCOLS);
                    http.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer(false));
                    var connector = new org.eclipse.jetty.server.ServerConnector(server, ssl, new org.eclipse.jetty.server.HttpConnectionFactory(http));
                    connector.setHost(bind.host());
                    connector.setPort(bind.port());
                    return connector;
                });
            }
        });
        if (tls) {
            app.start();
        } else {
            app.start(bind.host(), bind.port());
        }
        return this;
    }

    public String url() {
        String host = gateway.config().configuration().server().admin().bindAddress().host();
        String scheme = gateway.config().configuration().server().admin().tls() ? "https" : "http";
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port();
    }

    /** The API's routes served, as {@code "get /api/v1/config"}: what the OpenAPI document must list (the web pages are not API). */
    java.util.Set<String> routes() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (var e : app.unsafe.internalRouter.allHttpHandlers()) {
            var method = e.endpoint.method;
            if (method.isHttpMethod() && method != io.javalin.http.HandlerType.HEAD && method != io.javalin.http.HandlerType.OPTIONS
                    && !io.mailflow.admin.web.WebAccess.isWebPath(e.endpoint.path)) {
                out.add(method.name().toLowerCase(java.util.Locale.ROOT) + " " + e.endpoint.path);
            }
        }
        return out;
    }

    /** The local CLI's token (Administrator), for the runtime file. */
    public String token() {
        return token;
    }

    /** The setup token made at this start because there is no admin account yet: to print once. */
    public Optional<String> setupToken() {
        return Optional.ofNullable(setupToken);
    }

    public void stop() {
        if (app != null) {
            app.stop();
        }
        if (login != null) {
            login.close();
        }
        if (directory != null) {
            directory.close();
        }
    }

    /**
     * Opens the accounts and tokens, renews the local CLI's token (the one of the previous start
     * stops working) and, while there is no admin account and no setup token still usable, makes one.
     */
    private void openDirectory() {
        try {
            directory = SqliteAdminDirectory.open(gateway.config().dataDirectory(), clock);
            token = ApiTokens.generate();
            directory.replaceToken(LOCAL_TOKEN, AdminRole.Administrator, ApiTokens.hash(token), null);
            boolean setupUsable = directory.token(SETUP_TOKEN).map(t -> t.usableAt(clock.instant())).orElse(false);
            if (directory.accounts().isEmpty() && !setupUsable) {
                String setup = ApiTokens.generate();
                var by = new ConfigurationChange(System.getProperty("user.name", "mailflow"), ChangeSource.CLI, null,
                        "first start with no admin account");
                if (directory.addToken(SETUP_TOKEN, AdminRole.Administrator, ApiTokens.hash(setup),
                        clock.instant().plus(SETUP_TOKEN_LIFETIME), by).isPresent()) {
                    setupToken = setup;
                }
            }
        } catch (StoreException e) {
            if (directory != null) {
                directory.close();
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", gateway.isStopping() ? "STOPPING" : "UP");
        body.put("configVersion", gateway.config().version());
        body.put("queuedMessages", gateway.queue().size()); // a probe must not copy the whole queue
        body.put("smtp", gateway.smtpAddresses().stream().map(Object::toString).toList());
        ctx.status(gateway.isStopping() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK).json(body);
    }

    private void reload(Context ctx) throws StoreException {
        try {
            ConfigSnapshot next = gateway.reload("true".equals(ctx.queryParam("force")));
            ctx.json(Map.of("ok", true, "version", next.version()));
        } catch (ConfigException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT).json(Map.of("ok", false, "problems", e.problems()));
        }
    }

    private void trace(Context ctx) throws StoreException {
        String since = ctx.queryParam("since");
        String limit = ctx.queryParam("limit");
        Instant from;
        int max;
        try {
            from = since == null ? null : Instant.parse(since);
            max = limit == null ? 100 : Integer.parseInt(limit);
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "since is an ISO-8601 instant (2026-11-27T10:00:00Z),"
                    + " limit a number from 1 to " + MAX_TRACE_LIMIT));
            return;
        }
        if (max < 1 || max > MAX_TRACE_LIMIT) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "limit must be from 1 to " + MAX_TRACE_LIMIT));
            return;
        }
        ctx.json(gateway.store().trace(new TraceQuery(ctx.queryParam("recipient"), ctx.queryParam("sender"),
                ctx.queryParam("messageId"), from, max)));
    }

    /** SQLite reads LIMIT -1 as no limit: the API bounds what one request can make the store read. */
    private static final int MAX_TRACE_LIMIT = 1000;

    private static void found(Context ctx, boolean found) {
        if (found) {
            ctx.json(Map.of("ok", true));
        } else {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("ok", false, "error", "no such message in the queue"));
        }
    }
}
