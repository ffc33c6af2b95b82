package io.mailflow.rules;

/** The text of an HTML body, for word and pattern matching and for plain-text disclaimers. */
final class Html {

    private Html() {
    }

    /** Drops tags, comments, scripts and styles; turns breaks into line breaks; decodes entities. */
    static String toText(String html) {
        StringBuilder out = new StringBuilder(html.length());
        int n = html.length();
        int i = 0;
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<') {
                if (html.startsWith("<!--", i)) {
                    int end = html.indexOf("-->", i + 4);
                    i = end < 0 ? n : end + 3;
                    continue;
                }
                int end = html.indexOf('>', i);
                if (end < 0) {
                    break;
                }
                String name = tagName(html, i + 1, end);
                if (name.equals("script") || name.equals("style")) {
                    int close = html.toLowerCase(java.util.Locale.ROOT).indexOf("</" + name, end);
                    i = close < 0 ? n : html.indexOf('>', close) + 1;
                    if (i == 0) {
                        i = n;
                    }
                    continue;
                }
                if (name.equals("br") || name.equals("/p") || name.equals("/div") || name.equals("/tr") || name.equals("/li")
                        || name.equals("p") || name.equals("/h1") || name.equals("/h2") || name.equals("/h3")) {
                    out.append('\n');
                } else if (name.equals("td") || name.equals("th")) {
                    out.append(' ');
                }
                i = end + 1;
            } else if (c == '&') {
                int semi = -1;
                for (int k = i + 1; k < Math.min(n, i + 11); k++) {
                    if (html.charAt(k) == ';') {
                        semi = k;
                        break;
                    }
                }
                if (semi > i) {
                    String decoded = entity(html.substring(i + 1, semi));
                    if (decoded != null) {
                        out.append(decoded);
                        i = semi + 1;
                        continue;
                    }
                }
                out.append(c);
                i++;
            } else {
                int lt = html.indexOf('<', i);
                int amp = html.indexOf('&', i);
                int next = Math.min(lt < 0 ? n : lt, amp < 0 ? n : amp);
                out.append(html, i, next); // plain text up to the next tag or entity, in one copy
                i = next;
            }
        }
        return out.toString();
    }

    /** The tag's name in lower case, with a leading '/' for a closing tag: {@code <P class=x>} → {@code p}. */
    private static String tagName(String html, int from, int end) {
        int i = from;
        while (i < end && Character.isWhitespace(html.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < end && html.charAt(i) == '/') {
            i++;
        }
        while (i < end && !Character.isWhitespace(html.charAt(i)) && html.charAt(i) != '/' && html.charAt(i) != '>') {
            i++;
        }
        return html.substring(start, i).toLowerCase(java.util.Locale.ROOT);
    }

    private static String entity(String name) {
        switch (name) {
            case "amp":
                return "&";
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "quot":
                return "\"";
            case "apos":
                return "'";
            case "nbsp":
                return " ";
            default:
                break;
        }
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return Character.toString(Integer.parseInt(name.substring(2), 16));
            }
            if (name.startsWith("#")) {
                return Character.toString(Integer.parseInt(name.substring(1)));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }
}
