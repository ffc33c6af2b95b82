package io.mailflow.rules;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The text of an HTML body, for word and pattern matching and for plain-text disclaimers, read
 * with jsoup's HTML5 parser: what a mail client shows, not what a tag stripper guesses. A {@code <}
 * that starts no tag stays text ({@code price < 100 EUR}), every named and numeric character
 * reference is decoded ({@code caf&eacute;}), attribute values, comments, scripts and styles are
 * not text. Block ends and {@code <br>} become line breaks, table cells a space.
 */
final class Html {

    private Html() {
    }

    static String toText(String html) {
        Document doc = Parser.htmlParser().parseInput(html, "");
        StringBuilder out = new StringBuilder(html.length() / 2);
        NodeTraversor.traverse(new TextCollector(out), doc);
        return out.toString();
    }

    /** Where {@code what} (ASCII) starts in {@code text} at or after {@code from}, ignoring ASCII case; -1 if nowhere. */
    static int indexOfIgnoreCase(String text, String what, int from) {
        int last = text.length() - what.length();
        char first = what.charAt(0); // '<' in every use: no case to it
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

    /** Text nodes in document order (script and style content are data nodes, not text). */
    private record TextCollector(StringBuilder out) implements NodeVisitor {

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode t) {
                out.append(t.getWholeText());
            } else if (node instanceof Element e) {
                switch (e.normalName()) {
                    case "br", "p" -> out.append('\n');
                    case "td", "th" -> out.append(' ');
                    default -> {
                    }
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element e) {
                switch (e.normalName()) {
                    case "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6" -> out.append('\n');
                    default -> {
                    }
                }
            }
        }
    }
}
