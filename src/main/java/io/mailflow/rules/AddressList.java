package io.mailflow.rules;

import io.mailflow.model.EmailAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of an address header (RFC 5322 §3.4), as far as rules need them: display names,
 * quoted strings, comments and groups are skipped; what is not an address is ignored.
 */
final class AddressList {

    private AddressList() {
    }

    static List<EmailAddress> parse(String value) {
        List<EmailAddress> out = new ArrayList<>();
        for (String item : split(value)) {
            String spec = item;
            int lt = item.lastIndexOf('<');
            int gt = item.lastIndexOf('>');
            if (lt >= 0 && gt > lt) {
                spec = item.substring(lt + 1, gt);
            }
            spec = spec.strip();
            int colon = spec.indexOf(':');
            if (colon >= 0 && spec.indexOf('@') > colon && spec.startsWith("@")) {
                spec = spec.substring(colon + 1); // obsolete source route
            }
            try {
                out.add(EmailAddress.parseLenient(spec));
            } catch (IllegalArgumentException notAnAddress) {
                // a display name without an address, an empty group: nothing to match
            }
        }
        return out;
    }

    /** Splits at commas outside quotes, angle brackets and comments; drops comments and group names. */
    private static List<String> split(String value) {
        List<String> items = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int comment = 0;
        boolean angle = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < value.length()) {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                continue; // display names are not needed
            }
            if (comment > 0) {
                comment += c == '(' ? 1 : c == ')' ? -1 : 0;
                continue;
            }
            switch (c) {
                case '"' -> quoted = true;
                case '(' -> comment = 1;
                case '<' -> {
                    angle = true;
                    cur.append(c);
                }
                case '>' -> {
                    angle = false;
                    cur.append(c);
                }
                case ':' -> {
                    if (angle) {
                        cur.append(c);
                    } else {
                        cur.setLength(0); // "group name:" starts a group
                    }
                }
                case ',', ';' -> {
                    if (angle) {
                        cur.append(c);
                    } else {
                        items.add(cur.toString());
                        cur.setLength(0);
                    }
                }
                default -> cur.append(c);
            }
        }
        items.add(cur.toString());
        return items.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
