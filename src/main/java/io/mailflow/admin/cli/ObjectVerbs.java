package io.mailflow.admin.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailflow.admin.AdminClient;
import io.mailflow.admin.ApiJson;
import io.mailflow.admin.RuntimeFile;
import io.mailflow.config.ConfigException;
import io.mailflow.config.ConfigSnapshot;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * Exchange's cmdlets as verbs on every kind of configuration object: {@code get}, {@code new},
 * {@code set}, {@code remove} (Get-OutboundConnector, New-, Set-, Remove-). They call the running
 * gateway's {@code /api/v1}, so a change is validated, versioned and applied exactly as one made
 * over HTTP, and is in {@code config history} with the CLI's user as its author.
 */
final class ObjectVerbs {

    private ObjectVerbs() {
    }

    /** What every verb shares: the configuration (to find the gateway), the kind, and the output form. */
    abstract static class Verb implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "KIND", description = "acceptedDomain, mailbox, mailUser, mailContact, "
                + "distributionGroup, inboundConnector, outboundConnector or transportRule")
        String kindName;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        ObjectKind kind;
        AdminClient api;

        @Override
        public final Integer call() throws Exception {
            Optional<ObjectKind> k = ObjectKind.named(kindName);
            if (k.isEmpty()) {
                System.err.println("no kind of object is called '" + kindName + "' (kinds: " + ObjectKind.nouns() + ")");
                return 2;
            }
            kind = k.get();
            ConfigSnapshot local;
            try {
                local = config.load();
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            Optional<RuntimeFile.Info> gateway = Gateways.running(local);
            if (gateway.isEmpty()) {
                return Gateways.notRunning(local);
            }
            api = new AdminClient(gateway.get());
            try {
                return run();
            } catch (FieldFlags.FlagException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }

        abstract int run() throws Exception;

        String itemPath(String id) {
            return kind.collectionPath() + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        }

        /** Prints an answer: the object(s) on success, the problems (each with its field) otherwise. */
        int answer(AdminClient.Response r, String done) throws Exception {
            if (!r.ok()) {
                return Problems.printApiProblem(r);
            }
            if (json) {
                System.out.println(ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(r.body()));
            } else if (r.body().isArray()) {
                System.out.print(ObjectTable.table(r.body(), kind.kind().identity()));
            } else if (r.body().isObject()) {
                System.out.print(ObjectTable.list(r.body()));
            }
            if (done != null && !json) {
                System.out.println(done);
            }
            return 0;
        }
    }

    @Command(name = "get", description = "Show the objects of a kind, or one (Get-OutboundConnector).")
    static final class Get extends Verb {
        @Parameters(index = "1", arity = "0..1", paramLabel = "IDENTITY", description = "Its name, domain or address")
        String id;

        @Override
        int run() throws Exception {
            return answer(api.get(id == null ? kind.collectionPath() : itemPath(id)), null);
        }
    }

    @Command(name = "new", description = "Create an object from --fieldName VALUE flags, the YAML's field names"
            + " (New-OutboundConnector).")
    static final class New extends Verb {
        @Unmatched
        List<String> flags = new ArrayList<>();

        @Override
        int run() throws Exception {
            ObjectNode object = FieldFlags.parse(kind, flags);
            AdminClient.Response r = api.post(kind.collectionPath(), object);
            return answer(r, r.ok() ? "created " + kind.noun() + " " + r.body().path(kind.kind().identity()).asText() : null);
        }
    }

    @Command(name = "set", description = "Change fields of an object; --fieldName '$null' resets one to its default"
            + " (Set-OutboundConnector).")
    static final class Set extends Verb {
        @Parameters(index = "1", paramLabel = "IDENTITY", description = "Its name, domain or address")
        String id;

        @Unmatched
        List<String> flags = new ArrayList<>();

        @Override
        int run() throws Exception {
            ObjectNode patch = FieldFlags.parse(kind, flags);
            if (patch.isEmpty()) {
                System.err.println("nothing to change: give --fieldName VALUE (fields of a " + kind.noun() + ": "
                        + FieldFlags.names(kind) + ")");
                return 2;
            }
            return answer(api.patch(itemPath(id), patch), null);
        }
    }

    @Command(name = "remove", description = "Remove an object, without asking: the removal is a configuration version"
            + " that `config rollback` undoes (Remove-OutboundConnector).")
    static final class Remove extends Verb {
        @Parameters(index = "1", paramLabel = "IDENTITY", description = "Its name, domain or address")
        String id;

        @Override
        int run() throws Exception {
            AdminClient.Response r = api.delete(itemPath(id));
            if (!r.ok()) {
                return Problems.printApiProblem(r);
            }
            System.out.println("removed " + kind.noun() + " " + id);
            return 0;
        }
    }

}
