package io.mailflow.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.mailflow.Gateway;
import io.mailflow.config.ConfigException;
import io.mailflow.config.ConfigProblem;
import java.util.List;
import java.util.Map;

/**
 * The operations of {@code /api/v1} (the queue, message trace, explain, rules test, connector
 * validation): each route reads its request, calls the one core function that decides, and
 * writes the answer. A bad request is {@code application/problem+json} naming its field.
 */
public final class OperationRoutes {

    private final Gateway gateway;

    public OperationRoutes(Gateway gateway) {
        this.gateway = gateway;
    }

    public void register(RoutesConfig routes) {
        new QueueRoutes(gateway).register(routes);
        new MessageTraceRoutes(gateway).register(routes);
        new DecisionRoutes(gateway).register(routes);
    }

    /** A field of the request that is wrong: 400, the problem naming it. */
    static final class BadField extends Exception {
        final String field;

        BadField(String field, String detail) {
            super(detail);
            this.field = field;
        }
    }

    /** Answers a {@link BadField} as problem+json through the helper the configuration routes use. */
    static void bad(Context ctx, BadField e) {
        ObjectRoutes.problem(ctx, HttpStatus.BAD_REQUEST, e.getMessage(),
                new ConfigException(List.of(new ConfigProblem("request", 0, e.field, e.getMessage()))));
    }

    static void notFound(Context ctx, String detail) {
        ObjectRoutes.problem(ctx, HttpStatus.NOT_FOUND, detail, null);
    }

    /** A whole number query parameter within bounds, or its default. */
    static int number(Context ctx, String name, int fallback, int min, int max) throws BadField {
        String given = ctx.queryParam(name);
        if (given == null || given.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(given.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadField(name, name + " is a number from " + min + " to " + max);
    }

    /** The paging part of an answer. */
    static Map<String, Object> paging(int page, int pageSize) {
        return Map.of("page", page, "pageSize", pageSize);
    }

    /** A route whose request may name a bad field. */
    interface Handler {
        void handle(Context ctx) throws Exception;
    }

    static io.javalin.http.Handler checked(Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (BadField e) {
                bad(ctx, e);
            }
        };
    }
}
