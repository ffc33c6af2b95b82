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
        // The next '<' and '&' at or after i, found again only once i has passed them: looking
        // them up afresh for every run of text is quadratic on text full of one and free of the other.
        int nextLt = -1;
        int nextAmp = -1;
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
                    // Searched in place: a lower-cased copy per tag is quadratic on many small tags,
                    // and lower-casing can change the length ("İ"), so its positions are not html's.
                    int close = indexOfIgnoreCase(html, "</" + name, end);
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
                if (nextLt != n && nextLt < i) {
                    nextLt = html.indexOf('<', i);
                    nextLt = nextLt < 0 ? n : nextLt;
                }
                if (nextAmp != n && nextAmp < i) {
                    nextAmp = html.indexOf('&', i);
                    nextAmp = nextAmp < 0 ? n : nextAmp;
                }
                int next = Math.min(nextLt, nextAmp);
                out.append(html, i, next); // plain text up to the next tag or entity, in one copy
                i = next;
            }
        }
        return out.toString();
    }

    /** Where {@code what} (ASCII) starts in {@code text} at or after {@code from}, ignoring ASCII case; -1 if nowhere. */
    static int indexOfIgnoreCase(String text, String what, int from) {
        int last = text.length() - what.length();
        char first = what.charAt(0);
        for (int i = Math.max(0, from); i <= last; i++) {
            i = text.indexOf(first, i);
            if (i < 0 || i > last) {
                return -1;
            }
            if (text.regionMatches(true, i, what, 0, what.length())) {
                return i;
            }
        }
        return -1;
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
