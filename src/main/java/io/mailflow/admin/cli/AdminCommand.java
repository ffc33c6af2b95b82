package io.mailflow.admin.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailflow.admin.AdminServer;
import io.mailflow.admin.ApiJson;
import io.mailflow.config.ConfigException;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.receive.Passwords;
import io.mailflow.store.StoreException;
import io.mailflow.store.admin.AdminAccount;
import io.mailflow.store.admin.AdminDirectory;
import io.mailflow.store.admin.AdminRole;
import io.mailflow.store.admin.ApiToken;
import io.mailflow.store.admin.ApiTokens;
import io.mailflow.store.configuration.ChangeSource;
import io.mailflow.store.configuration.ConfigurationChange;
import io.mailflow.store.sqlite.SqliteAdminDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailflow admin}: the admin accounts and API tokens of the admin API. The commands open
 * the store in the data directory themselves, so they work with the gateway running or not (it
 * reads accounts and tokens at each request); a change is audited as made by the system user.
 */
@Command(name = "admin", description = "Admin accounts and API tokens for the admin API.",
        subcommands = {AdminCommand.User.class, AdminCommand.Token.class})
final class AdminCommand {

    private interface Work {
        int run(AdminDirectory directory, ConfigurationChange by) throws Exception;
    }

    /** Opens the data directory's store for one command. */
    private static int withDirectory(ConfigOption config, Work work) throws Exception {
        ConfigSnapshot s;
        try {
            s = config.load();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.err.println("the gateway's configuration file (--config) cannot be read, so its data directory is unknown");
            return 1;
        }
        try (AdminDirectory directory = SqliteAdminDirectory.open(s.dataDirectory(), Clock.systemUTC())) {
            var by = new ConfigurationChange("local:" + System.getProperty("user.name", ""), ChangeSource.CLI, null, null);
            return work.run(directory, by);
        } catch (StoreException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    private static String orDash(Instant at) {
        return at == null ? "-" : at.toString();
    }

    @Command(name = "user", description = "Admin accounts (HTTP Basic): add, remove, list.",
            subcommands = {UserAdd.class, UserRemove.class, UserList.class})
    static final class User {
    }

    @Command(name = "add", description = "Add an admin account; its password is read from the terminal (no echo), or one line"
            + " on standard input.")
    static final class UserAdd implements Callable<Integer> {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "Administrator or ViewOnly")
        AdminRole role;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            char[] password = HashPasswordCommand.readPassword("Password for " + name + ": ");
            if (password.length == 0) {
                System.err.println("no password given");
                return 1;
            }
            String hash = Passwords.hash(password);
            Arrays.fill(password, '\0');
            return withDirectory(config, (d, by) -> {
                if (d.addAccount(name, role, hash, by).isEmpty()) {
                    System.err.println("an admin account named '" + name + "' exists already");
                    return 1;
                }
                System.out.println("admin account " + name + " (" + role + ") added");
                return 0;
            });
        }
    }

    @Command(name = "remove", description = "Remove an admin account.")
    static final class UserRemove implements Callable<Integer> {

        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            return withDirectory(config, (d, by) -> {
                if (!d.removeAccount(name, by)) {
                    System.err.println("there is no admin account named '" + name + "'");
                    return 1;
                }
                System.out.println("admin account " + name + " removed");
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List the admin accounts.")
    static final class UserList implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            return withDirectory(config, (d, by) -> {
                System.out.printf("%-24s %-14s %s%n", "NAME", "ROLE", "CREATED");
                for (AdminAccount a : d.accounts()) {
                    System.out.printf("%-24s %-14s %s%n", a.name(), a.role(), a.created());
                }
                return 0;
            });
        }
    }

    @Command(name = "token", description = "API tokens (Authorization: Bearer): create, revoke, list.",
            subcommands = {TokenCreate.class, TokenRevoke.class, TokenList.class})
    static final class Token {
    }

    @Command(name = "create", description = "Create an API token; it is printed once (on the last line), only its hash is kept.")
    static final class TokenCreate implements Callable<Integer> {

        private static final Pattern LIFETIME = Pattern.compile("(\\d{1,6})([mhd])");

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "What the audit log will call it (e.g. ci)")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "Administrator or ViewOnly")
        AdminRole role;

        @Option(names = "--expires", paramLabel = "AFTER", description = "Lifetime: 30m, 12h, 30d (default: never expires)")
        String expires;

        @Option(names = "--json", description = "Print {\"name\", \"role\", \"token\", \"expires\"}")
        boolean json;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            if (name.equalsIgnoreCase(AdminServer.LOCAL_TOKEN)) {
                System.err.println("'" + AdminServer.LOCAL_TOKEN + "' is the gateway's own token for the CLI; choose another name");
                return 2;
            }
            Duration lifetime = null;
            if (expires != null) {
                Matcher m = LIFETIME.matcher(expires);
                if (!m.matches()) {
                    System.err.println("--expires is a number and m, h or d: 30m, 12h, 30d");
                    return 2;
                }
                long n = Long.parseLong(m.group(1));
                lifetime = switch (m.group(2)) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            Instant until = lifetime == null ? null : Instant.now().plus(lifetime);
            String token = ApiTokens.generate();
            return withDirectory(config, (d, by) -> {
                var created = d.addToken(name, role, ApiTokens.hash(token), until, by);
                if (created.isEmpty()) {
                    System.err.println("a token named '" + name + "' exists and works; revoke it first (mailflow admin token revoke "
                            + name + ")");
                    return 1;
                }
                if (json) {
                    ObjectNode out = ApiJson.MAPPER.createObjectNode().put("name", name).put("role", role.name()).put("token", token)
                            .put("expires", created.get().expires() == null ? null : created.get().expires().toString());
                    System.out.println(out);
                } else {
                    System.out.println("API token " + name + " (" + role + ", expires " + orDash(created.get().expires())
                            + "); it is shown only now:");
                    System.out.println(token);
                }
                return 0;
            });
        }
    }

    @Command(name = "revoke", description = "Revoke an API token: it stops working at once.")
    static final class TokenRevoke implements Callable<Integer> {

        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            return withDirectory(config, (d, by) -> {
                if (!d.revokeToken(name, by)) {
                    System.err.println("there is no token named '" + name + "' that is not revoked already");
                    return 1;
                }
                System.out.println("API token " + name + " revoked");
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List the API tokens (never the tokens themselves).")
    static final class TokenList implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            return withDirectory(config, (d, by) -> {
                Instant now = Instant.now();
                System.out.printf("%-20s %-14s %-9s %-24s %s%n", "NAME", "ROLE", "STATE", "CREATED", "EXPIRES");
                for (ApiToken t : d.tokens()) {
                    String state = t.revoked() != null ? "revoked" : t.usableAt(now) ? "active" : "expired";
                    System.out.printf("%-20s %-14s %-9s %-24s %s%n", t.name(), t.role(), state, t.created(), orDash(t.expires()));
                }
                return 0;
            });
        }
    }
}
