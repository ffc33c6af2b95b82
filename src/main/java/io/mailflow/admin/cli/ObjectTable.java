package io.mailflow.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Objects as text, as PowerShell's Format-Table (a kind's objects, a row each) and Format-List (one
 * object, a field per line) show a cmdlet's answer.
 */
final class ObjectTable {

    /** Columns beyond the identity a table shows: the first fields the objects have, in the file's order. */
    private static final int COLUMNS = 4;
    private static final int WIDTH = 40;

    private ObjectTable() {
    }

    static String table(JsonNode objects, String identity) {
        if (objects.isEmpty()) {
            return "(none)\n";
        }
        Set<String> columns = new LinkedHashSet<>();
        columns.add(identity);
        for (JsonNode o : objects) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext() && columns.size() <= COLUMNS; ) {
                columns.add(it.next());
            }
        }
        List<String> names = new ArrayList<>(columns);
        List<List<String>> rows = new ArrayList<>();
        rows.add(names);
        for (JsonNode o : objects) {
            rows.add(names.stream().map(c -> cell(o.get(c))).toList());
        }
        int[] widths = new int[names.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            line(out, rows.get(r), widths);
            if (r == 0) {
                line(out, names.stream().map(n -> "-".repeat(n.length())).toList(), widths);
            }
        }
        return out.toString();
    }

    static String list(JsonNode object) {
        int width = 0;
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            width = Math.max(width, it.next().length());
        }
        StringBuilder out = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            out.append(String.format("%-" + width + "s : %s%n", f.getKey(), value(f.getValue())));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            l.append(String.format("%-" + widths[i] + "s", cells.get(i))).append(i + 1 < cells.size() ? "  " : "");
        }
        out.append(l.toString().stripTrailing()).append('\n');
    }

    private static String cell(JsonNode v) {
        String s = v == null ? "" : value(v);
        return s.length() > WIDTH ? s.substring(0, WIDTH - 1) + "…" : s;
    }

    /** A list as {a, b} (as PowerShell prints one), a section as its JSON, text as it is. */
    private static String value(JsonNode v) {
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(e -> items.add(e.isValueNode() ? e.asText() : e.toString()));
            return "{" + String.join(", ", items) + "}";
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }
}
