package io.mailflow.admin;

import io.javalin.http.Context;
import io.mailflow.store.admin.AdminRole;

/** Who made an admin API request, as {@link AdminAuthorization} found out; a request's attribute. */
public sealed interface Caller {

    /** The request attribute that holds the caller. */
    String ATTRIBUTE = "mailflow.caller";

    String name();

    AdminRole role();

    /** An admin account that logged in with HTTP Basic. */
    record Account(String name, AdminRole role) implements Caller {
    }

    /** A named API token. */
    record Token(String name, AdminRole role) implements Caller {
    }

    /**
     * The gateway's own token for the CLI on this machine (the runtime file's): only a local user
     * can read it, so the system user the CLI names in {@link ConfigRoutes#USER_HEADER} is trusted.
     */
    record LocalCli() implements Caller {

        @Override
        public String name() {
            return AdminServer.LOCAL_TOKEN;
        }

        @Override
        public AdminRole role() {
            return AdminRole.Administrator;
        }
    }

    /** The caller of an authorized request. */
    public static Caller of(Context ctx) {
        Caller c = ctx.attribute(ATTRIBUTE);
        if (c == null) {
            throw new IllegalStateException("the request passed no authorization");
        }
        return c;
    }
}
