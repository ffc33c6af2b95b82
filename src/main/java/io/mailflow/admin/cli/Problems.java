package io.mailflow.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Configuration problems the gateway answers with, printed as check-config prints them. */
final class Problems {

    private Problems() {
    }

    /** {@code file:line: field: message}, without the parts the problem does not have. */
    static String describe(JsonNode p) {
        String where = p.path("file").asText() + (p.path("line").asInt() > 0 ? ":" + p.path("line").asInt() : "");
        String field = p.path("field").asText("");
        return where + ": " + (field.isEmpty() ? "" : field + ": ") + p.path("message").asText();
    }

    /**
     * An API refusal (RFC 9457 problem details): its detail, then each problem with the field it
     * names, on standard error. Returns the exit status: 1.
     */
    static int printApiProblem(io.mailflow.admin.AdminClient.Response r) {
        JsonNode b = r.body();
        System.err.println(r.status() + " " + b.path("title").asText("") + ": " + b.path("detail").asText(b.toString()));
        for (JsonNode e : b.path("errors")) {
            System.err.println("  " + e.path("field").asText() + ": " + e.path("detail").asText());
        }
        return 1;
    }
}
