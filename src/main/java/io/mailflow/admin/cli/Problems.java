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
}
