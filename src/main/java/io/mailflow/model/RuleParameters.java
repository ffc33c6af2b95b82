package io.mailflow.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a mail flow rule from its parameters as written in the configuration: New-TransportRule's
 * names in camelCase, each condition also as {@code exceptIf…}. Never throws: every problem is
 * kept, with its field, for {@link TransportRule#validate}.
 */
public final class RuleParameters {

    private enum Kind { ADDRESSES, SCOPE, DOMAINS, WORDS, PATTERNS, SIZE, IPS, BOOLEAN, TEXT }

    /** Conditions (and, with exceptIf, exceptions) and the kind of value each takes. */
    private static final Map<String, Kind> CONDITIONS = new LinkedHashMap<>();
    private static final Map<String, Kind> ACTIONS = new LinkedHashMap<>();
    private static final Set<String> PROPERTIES = Set.of("name", "priority", "enabled", "mode", "activationDate", "expiryDate",
            "senderAddressLocation", "stopRuleProcessing", "comments", "ruleErrorAction");

    static {
        for (String p : List.of("from", "sentTo", "fromMemberOf", "sentToMemberOf")) {
            CONDITIONS.put(p, Kind.ADDRESSES);
        }
        CONDITIONS.put("fromScope", Kind.SCOPE);
        CONDITIONS.put("sentToScope", Kind.SCOPE);
        CONDITIONS.put("senderDomainIs", Kind.DOMAINS);
        CONDITIONS.put("recipientDomainIs", Kind.DOMAINS);
        for (String p : List.of("fromAddressContainsWords", "recipientAddressContainsWords", "subjectContainsWords",
                "subjectOrBodyContainsWords", "headerContainsWords", "attachmentExtensionMatchesWords")) {
            CONDITIONS.put(p, Kind.WORDS);
        }
        for (String p : List.of("fromAddressMatchesPatterns", "recipientAddressMatchesPatterns", "subjectMatchesPatterns",
                "subjectOrBodyMatchesPatterns", "headerMatchesPatterns")) {
            CONDITIONS.put(p, Kind.PATTERNS);
        }
        CONDITIONS.put("headerContainsMessageHeader", Kind.TEXT);
        CONDITIONS.put("headerMatchesMessageHeader", Kind.TEXT);
        CONDITIONS.put("messageSizeOver", Kind.SIZE);
        CONDITIONS.put("senderIpRanges", Kind.IPS);
        CONDITIONS.put("hasAttachment", Kind.BOOLEAN);

        ACTIONS.put("routeMessageOutboundConnector", Kind.TEXT);
        ACTIONS.put("routeMessageOutboundRequireTls", Kind.BOOLEAN);
        ACTIONS.put("rejectMessageReasonText", Kind.TEXT);
        ACTIONS.put("rejectMessageEnhancedStatusCode", Kind.TEXT);
        ACTIONS.put("deleteMessage", Kind.BOOLEAN);
        for (String p : List.of("redirectMessageTo", "blindCopyTo", "addToRecipients", "copyTo")) {
            ACTIONS.put(p, Kind.ADDRESSES);
        }
        ACTIONS.put("setHeaderName", Kind.TEXT);
        ACTIONS.put("setHeaderValue", Kind.TEXT);
        ACTIONS.put("removeHeader", Kind.TEXT);
        ACTIONS.put("prependSubject", Kind.TEXT);
        ACTIONS.put("applyHtmlDisclaimerText", Kind.TEXT);
        ACTIONS.put("applyHtmlDisclaimerLocation", Kind.TEXT);
        ACTIONS.put("applyHtmlDisclaimerFallbackAction", Kind.TEXT);
    }

    private final Map<String, Object> raw;
    private final List<ConfigError> problems = new ArrayList<>();

    private RuleParameters(Map<String, Object> raw) {
        this.raw = raw;
    }

    /**
     * @param raw the rule's fields as read from YAML: strings, booleans, numbers, lists of strings
     */
    public static TransportRule parse(Map<String, Object> raw) {
        return new RuleParameters(raw).parse();
    }

    private TransportRule parse() {
        for (String field : raw.keySet()) {
            if (!PROPERTIES.contains(field) && !CONDITIONS.containsKey(field) && !ACTIONS.containsKey(field)
                    && !(field.startsWith("exceptIf") && CONDITIONS.containsKey(unexcept(field)))) {
                problems.add(new ConfigError(field, "unknown rule parameter '" + field + "' (conditions: "
                        + String.join(", ", CONDITIONS.keySet()) + ", each also as exceptIf…; actions: "
                        + String.join(", ", ACTIONS.keySet()) + ")"));
            }
        }
        String name = text("name");
        Integer priority = raw.containsKey("priority") ? integer("priority") : null;
        boolean enabled = bool("enabled", true);
        RuleMode mode = choice("mode", RuleMode.class);
        Instant activation = date("activationDate");
        Instant expiry = date("expiryDate");
        SenderAddressLocation location = choice("senderAddressLocation", SenderAddressLocation.class);
        boolean stop = bool("stopRuleProcessing", false);
        String comments = text("comments");
        RuleErrorAction onError = choice("ruleErrorAction", RuleErrorAction.class);
        List<RuleCondition> conditions = conditions("");
        List<RuleCondition> exceptions = conditions("exceptIf");
        List<RuleAction> actions = actions();
        return new TransportRule(name, priority, enabled, mode, activation, expiry, location, stop, comments, onError, conditions,
                exceptions, actions, problems);
    }

    private static String exceptIf(String condition) {
        return "exceptIf" + Character.toUpperCase(condition.charAt(0)) + condition.substring(1);
    }

    private static String unexcept(String field) {
        String rest = field.substring("exceptIf".length());
        return rest.isEmpty() ? rest : Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
    }

    private List<RuleCondition> conditions(String prefix) {
        List<RuleCondition> out = new ArrayList<>();
        for (String c : CONDITIONS.keySet()) {
            String field = prefix.isEmpty() ? c : exceptIf(c);
            if (!raw.containsKey(field)) {
                continue;
            }
            RuleCondition condition = switch (c) {
                case "from" -> new RuleCondition.From(addresses(field));
                case "sentTo" -> new RuleCondition.SentTo(addresses(field));
                case "fromMemberOf" -> new RuleCondition.FromMemberOf(addresses(field));
                case "sentToMemberOf" -> new RuleCondition.SentToMemberOf(addresses(field));
                case "fromScope" -> scope(field, false);
                case "sentToScope" -> scope(field, true);
                case "senderDomainIs" -> new RuleCondition.SenderDomainIs(domains(field));
                case "recipientDomainIs" -> new RuleCondition.RecipientDomainIs(domains(field));
                case "fromAddressContainsWords" -> new RuleCondition.FromAddressContainsWords(words(field));
                case "recipientAddressContainsWords" -> new RuleCondition.RecipientAddressContainsWords(words(field));
                case "subjectContainsWords" -> new RuleCondition.SubjectContainsWords(words(field));
                case "subjectOrBodyContainsWords" -> new RuleCondition.SubjectOrBodyContainsWords(words(field));
                case "attachmentExtensionMatchesWords" -> new RuleCondition.AttachmentExtensionMatchesWords(
                        words(field).stream().map(w -> w.startsWith(".") ? w.substring(1) : w).toList());
                case "fromAddressMatchesPatterns" -> new RuleCondition.FromAddressMatchesPatterns(patterns(field));
                case "recipientAddressMatchesPatterns" -> new RuleCondition.RecipientAddressMatchesPatterns(patterns(field));
                case "subjectMatchesPatterns" -> new RuleCondition.SubjectMatchesPatterns(patterns(field));
                case "subjectOrBodyMatchesPatterns" -> new RuleCondition.SubjectOrBodyMatchesPatterns(patterns(field));
                case "headerContainsWords" -> new RuleCondition.HeaderContainsWords(
                        headerName(prefix, "headerContainsMessageHeader", field), words(field));
                case "headerMatchesPatterns" -> new RuleCondition.HeaderMatchesPatterns(
                        headerName(prefix, "headerMatchesMessageHeader", field), patterns(field));
                case "headerContainsMessageHeader", "headerMatchesMessageHeader" -> {
                    String pair = c.equals("headerContainsMessageHeader") ? "headerContainsWords" : "headerMatchesPatterns";
                    String pairField = prefix.isEmpty() ? pair : exceptIf(pair);
                    if (!raw.containsKey(pairField)) {
                        problems.add(new ConfigError(field, "needs " + pairField + " (what to look for in that header)"));
                    }
                    yield null; // read together with its pair
                }
                case "messageSizeOver" -> new RuleCondition.MessageSizeOver(size(field));
                case "senderIpRanges" -> new RuleCondition.SenderIpRanges(ips(field));
                case "hasAttachment" -> new RuleCondition.HasAttachment(bool(field, true));
                default -> throw new IllegalStateException(c);
            };
            if (condition != null) {
                out.add(condition);
            }
        }
        return out;
    }

    private List<RuleAction> actions() {
        List<RuleAction> out = new ArrayList<>();
        String connector = text("routeMessageOutboundConnector");
        if (connector != null) {
            out.add(new RuleAction.RouteMessageOutboundConnector(connector));
        }
        if (bool("routeMessageOutboundRequireTls", false)) {
            out.add(new RuleAction.RouteMessageOutboundRequireTls());
        }
        reject(out);
        if (bool("deleteMessage", false)) {
            out.add(new RuleAction.DeleteMessage());
        }
        if (raw.containsKey("redirectMessageTo")) {
            out.add(new RuleAction.RedirectMessageTo(addresses("redirectMessageTo")));
        }
        if (raw.containsKey("blindCopyTo")) {
            out.add(new RuleAction.BlindCopyTo(addresses("blindCopyTo")));
        }
        if (raw.containsKey("addToRecipients")) {
            out.add(new RuleAction.AddToRecipients(addresses("addToRecipients")));
        }
        if (raw.containsKey("copyTo")) {
            out.add(new RuleAction.CopyTo(addresses("copyTo")));
        }
        setHeader(out);
        String remove = text("removeHeader");
        if (remove != null) {
            headerSyntax("removeHeader", remove);
            out.add(new RuleAction.RemoveHeader(remove));
        }
        String prefix = text("prependSubject");
        if (prefix != null) {
            if (prefix.contains("\r") || prefix.contains("\n")) {
                problems.add(new ConfigError("prependSubject", "must be one line"));
            }
            out.add(new RuleAction.PrependSubject(prefix));
        }
        disclaimer(out);
        return out;
    }

    private void reject(List<RuleAction> out) {
        String text = text("rejectMessageReasonText");
        String code = text("rejectMessageEnhancedStatusCode");
        if (text == null && code == null) {
            return;
        }
        if (code != null && !code.equals("5.7.1") && !code.matches("5\\.7\\.9\\d\\d")) {
            problems.add(new ConfigError("rejectMessageEnhancedStatusCode", "'" + code + "' must be 5.7.1 or 5.7.900 to 5.7.999"));
        }
        if (text != null && (text.length() > TransportRule.MAX_REJECT_TEXT || !text.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F))) {
            problems.add(new ConfigError("rejectMessageReasonText", "must be at most " + TransportRule.MAX_REJECT_TEXT
                    + " printable ASCII characters on one line (it is sent in an SMTP reply)"));
        }
        out.add(new RuleAction.RejectMessage(text == null ? "Delivery not authorized, message refused" : text,
                code == null ? "5.7.1" : code));
    }

    private void setHeader(List<RuleAction> out) {
        String name = text("setHeaderName");
        String value = text("setHeaderValue");
        if (name == null && value == null) {
            return;
        }
        if (name == null || value == null) {
            problems.add(new ConfigError(name == null ? "setHeaderValue" : "setHeaderName",
                    "setHeaderName and setHeaderValue go together"));
            return;
        }
        headerSyntax("setHeaderName", name);
        if (value.contains("\r") || value.contains("\n")) {
            problems.add(new ConfigError("setHeaderValue", "must be one line"));
        }
        out.add(new RuleAction.SetHeader(name, value));
    }

    private void headerSyntax(String field, String name) {
        if (!name.matches("[!-9;-~]+")) {
            problems.add(new ConfigError(field, "'" + name + "' is not a header field name"));
        } else if (name.equalsIgnoreCase("Received") || name.equalsIgnoreCase("Return-Path")) {
            problems.add(new ConfigError(field, "the " + name + " header is the transport's own and cannot be changed by a rule"));
        }
    }

    private void disclaimer(List<RuleAction> out) {
        String html = text("applyHtmlDisclaimerText");
        DisclaimerLocation location = choice("applyHtmlDisclaimerLocation", DisclaimerLocation.class);
        DisclaimerFallbackAction fallback = choice("applyHtmlDisclaimerFallbackAction", DisclaimerFallbackAction.class);
        if (html == null) {
            if (location != null || fallback != null) {
                problems.add(new ConfigError(location != null ? "applyHtmlDisclaimerLocation" : "applyHtmlDisclaimerFallbackAction",
                        "needs applyHtmlDisclaimerText"));
            }
            return;
        }
        if (html.length() > TransportRule.MAX_DISCLAIMER) {
            problems.add(new ConfigError("applyHtmlDisclaimerText", "is longer than " + TransportRule.MAX_DISCLAIMER + " characters"));
        }
        out.add(new RuleAction.ApplyHtmlDisclaimer(html, location == null ? DisclaimerLocation.Append : location,
                fallback == null ? DisclaimerFallbackAction.Wrap : fallback));
    }

    private String headerName(String prefix, String nameParameter, String valuesField) {
        String field = prefix.isEmpty() ? nameParameter : exceptIf(nameParameter);
        String name = text(field);
        if (name == null) {
            problems.add(new ConfigError(valuesField, "needs " + field + " (the header to look in)"));
            return "";
        }
        headerSyntaxForMatch(field, name);
        return name;
    }

    private void headerSyntaxForMatch(String field, String name) {
        if (!name.matches("[!-9;-~]+")) {
            problems.add(new ConfigError(field, "'" + name + "' is not a header field name"));
        }
    }

    // --- values

    private List<String> strings(String field) {
        Object v = raw.get(field);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (item == null || item instanceof List<?> || item instanceof Map<?, ?>) {
                    problems.add(new ConfigError(field + "[" + i + "]", "expected a text value"));
                } else {
                    out.add(item.toString());
                }
            }
        } else if (v != null && !(v instanceof Map<?, ?>)) {
            out.add(v.toString());
        } else {
            problems.add(new ConfigError(field, "expected a list of values"));
        }
        if (out.isEmpty() && v instanceof List<?> l && l.isEmpty()) {
            problems.add(new ConfigError(field, "is empty: give at least one value"));
        }
        return out;
    }

    private List<String> addresses(String field) {
        List<String> values = strings(field);
        for (int i = 0; i < values.size(); i++) {
            Addresses.check(field + "[" + i + "]", values.get(i), problems);
        }
        return values;
    }

    private List<String> domains(String field) {
        List<String> out = new ArrayList<>();
        List<String> values = strings(field);
        for (int i = 0; i < values.size(); i++) {
            if (Domains.isValid(values.get(i))) {
                out.add(Domains.normalize(values.get(i)));
            } else {
                problems.add(new ConfigError(field + "[" + i + "]", Domains.problem(values.get(i))));
            }
        }
        return out;
    }

    private List<String> words(String field) {
        List<String> out = new ArrayList<>();
        List<String> values = strings(field);
        for (int i = 0; i < values.size(); i++) {
            String w = values.get(i).strip();
            if (w.isEmpty()) {
                problems.add(new ConfigError(field + "[" + i + "]", "is empty"));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    private List<Pattern> patterns(String field) {
        List<Pattern> out = new ArrayList<>();
        List<String> values = strings(field);
        for (int i = 0; i < values.size(); i++) {
            try {
                out.add(Pattern.compile(values.get(i), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } catch (PatternSyntaxException e) {
                problems.add(new ConfigError(field + "[" + i + "]", "not a valid regular expression: " + e.getDescription()
                        + " near index " + e.getIndex()));
            }
        }
        return out;
    }

    private List<IpInterval> ips(String field) {
        List<IpInterval> out = new ArrayList<>();
        List<String> values = strings(field);
        for (int i = 0; i < values.size(); i++) {
            try {
                out.add(IpInterval.parse(values.get(i)));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigError(field + "[" + i + "]", e.getMessage()));
            }
        }
        return out;
    }

    private ByteSize size(String field) {
        Object v = raw.get(field);
        try {
            return v instanceof Number n ? ByteSize.ofBytes(n.longValue()) : ByteSize.parse(String.valueOf(v));
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigError(field, e.getMessage()));
            return ByteSize.ofBytes(Long.MAX_VALUE);
        }
    }

    private RuleCondition scope(String field, boolean recipients) {
        OrganizationScope s = choice(field, OrganizationScope.class);
        if (s == null) {
            s = OrganizationScope.InOrganization;
        }
        return recipients ? new RuleCondition.SentToScope(s) : new RuleCondition.FromScope(s);
    }

    private String text(String field) {
        Object v = raw.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> || v instanceof Map<?, ?>) {
            problems.add(new ConfigError(field, "expected a text value"));
            return null;
        }
        return v.toString();
    }

    private Integer integer(String field) {
        Object v = raw.get(field);
        if (v instanceof Number n && n.longValue() == n.intValue()) {
            return n.intValue();
        }
        problems.add(new ConfigError(field, "expected a whole number"));
        return null;
    }

    private boolean bool(String field, boolean missing) {
        Object v = raw.get(field);
        if (v == null) {
            return missing;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        problems.add(new ConfigError(field, "expected true or false"));
        return missing;
    }

    private <E extends Enum<E>> E choice(String field, Class<E> type) {
        Object v = raw.get(field);
        if (v == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.toString())) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name());
        }
        problems.add(new ConfigError(field, "'" + v + "' is not one of " + String.join(", ", names)));
        return null;
    }

    /** ISO date ({@code 2026-12-01}, midnight UTC) or date-time with offset ({@code 2026-12-01T08:00:00+01:00}). */
    private Instant date(String field) {
        String v = text(field);
        if (v == null) {
            return null;
        }
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(v.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(new ConfigError(field, "'" + v + "' is not a date (2026-12-01) or date-time (2026-12-01T08:00:00Z)"));
            return null;
        }
    }
}
