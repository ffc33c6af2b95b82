package io.mailflow.smtp;

import java.util.HashSet;
import java.util.Set;

/** Parses the ESMTP parameters after the path of MAIL and RCPT (RFC 5321 §4.1.2 Mail-parameters). */
final class EsmtpParameters {

    private static final int MAX_ENVID = 100;
    private static final int MAX_ORCPT = 500;

    private EsmtpParameters() {
    }

    static MailParameters mail(String text) throws CommandParser.SyntaxException {
        long size = -1;
        BodyType body = null;
        boolean utf8 = false;
        DsnRet ret = null;
        String envid = null;
        String auth = null;
        Set<String> seen = new HashSet<>();
        for (String[] kv : split(text, seen)) {
            String value = kv[1];
            switch (kv[0]) {
                case "SIZE" -> {
                    if (value == null || value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        throw bad("Bad SIZE parameter");
                    }
                    size = Long.parseLong(value);
                }
                case "BODY" -> body = switch (value == null ? "" : AsciiCase.upper(value)) {
                    case "7BIT" -> BodyType.SEVEN_BIT;
                    case "8BITMIME" -> BodyType.EIGHT_BIT_MIME;
                    default -> throw new CommandParser.SyntaxException(
                            Reply.of(555, "5.5.4", "Unsupported BODY type: " + value));
                };
                case "SMTPUTF8" -> {
                    if (value != null) {
                        throw bad("SMTPUTF8 takes no value");
                    }
                    utf8 = true;
                }
                case "RET" -> ret = switch (value == null ? "" : AsciiCase.upper(value)) {
                    case "FULL" -> DsnRet.FULL;
                    case "HDRS" -> DsnRet.HDRS;
                    default -> throw bad("Bad RET parameter");
                };
                case "ENVID" -> envid = xtext(value, MAX_ENVID, "ENVID");
                case "AUTH" -> auth = xtext(value, 500, "AUTH");
                default -> throw unsupported(kv[0]);
            }
        }
        return new MailParameters(size, body, utf8, ret, envid, auth);
    }

    static RcptParameters rcpt(String text) throws CommandParser.SyntaxException {
        Set<DsnNotify> notify = Set.of();
        String orcptType = null;
        String orcpt = null;
        Set<String> seen = new HashSet<>();
        for (String[] kv : split(text, seen)) {
            switch (kv[0]) {
                case "NOTIFY" -> {
                    if (kv[1] == null) {
                        throw bad("NOTIFY needs a value");
                    }
                    notify = CommandParser.notifySet(kv[1]);
                }
                case "ORCPT" -> {
                    String v = kv[1];
                    int semi = v == null ? -1 : v.indexOf(';');
                    if (semi <= 0) {
                        throw bad("Bad ORCPT parameter (write ORCPT=rfc822;address)");
                    }
                    orcptType = AsciiCase.lower(v.substring(0, semi));
                    if (!orcptType.equals("rfc822") && !orcptType.equals("utf-8")) {
                        throw bad("Unsupported ORCPT address type: " + orcptType);
                    }
                    orcpt = xtext(v.substring(semi + 1), MAX_ORCPT, "ORCPT");
                    if (orcpt.isEmpty()) {
                        throw bad("Empty ORCPT address");
                    }
                }
                default -> throw unsupported(kv[0]);
            }
        }
        return new RcptParameters(notify, orcptType, orcpt);
    }

    /** Splits {@code " KEY=value KEY2"} into upper-case keywords and raw values; refuses repeats. */
    private static java.util.List<String[]> split(String text, Set<String> seen) throws CommandParser.SyntaxException {
        java.util.List<String[]> out = new java.util.ArrayList<>();
        if (text.isBlank()) {
            return out;
        }
        if (text.charAt(0) != ' ') {
            throw bad("Expected a space before the parameters");
        }
        for (String token : text.substring(1).split(" ")) { // a one-character split needs no regex; runs of spaces give empty tokens
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            // checked after ASCII-only upper-casing, which leaves any non-ASCII letter to be refused here
            String key = AsciiCase.upper(eq < 0 ? token : token.substring(0, eq));
            String value = eq < 0 ? null : token.substring(eq + 1);
            if (key.isEmpty() || !key.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-'))) {
                throw bad("Bad parameter syntax: " + token);
            }
            if (value != null && value.chars().anyMatch(c -> c < 33 || c == '=' || c == 127)) {
                throw bad("Bad parameter value for " + key);
            }
            if (!seen.add(key)) {
                throw bad("Parameter " + key + " given twice");
            }
            out.add(new String[] {key, value});
        }
        return out;
    }

    private static String xtext(String value, int max, String name) throws CommandParser.SyntaxException {
        if (value == null || value.isEmpty()) {
            throw bad(name + " needs a value");
        }
        if (value.length() > max) {
            throw bad(name + " is longer than " + max + " characters");
        }
        try {
            return XText.decode(value);
        } catch (IllegalArgumentException e) {
            throw bad("Bad " + name + " value: " + e.getMessage());
        }
    }

    private static CommandParser.SyntaxException bad(String text) {
        return new CommandParser.SyntaxException(Reply.of(501, "5.5.4", text));
    }

    private static CommandParser.SyntaxException unsupported(String key) {
        return new CommandParser.SyntaxException(Reply.of(555, "5.5.4", "Unsupported parameter: " + key));
    }
}
