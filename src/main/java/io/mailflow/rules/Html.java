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
                String tag = html.substring(i + 1, end).strip().toLowerCase(java.util.Locale.ROOT);
                String name = tag.split("[\\s/>]", 2)[0];
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
                int semi = html.indexOf(';', i);
                if (semi > i && semi - i <= 10) {
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
                out.append(c);
                i++;
            }
        }
        return out.toString();
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
