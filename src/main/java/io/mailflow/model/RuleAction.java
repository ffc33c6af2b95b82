package io.mailflow.model;

import java.util.List;

/**
 * One action of a mail flow rule, named as in Exchange's New-TransportRule. An action applies to
 * the copy of the message the rule matched: when its conditions name recipients, that copy holds
 * the matched recipients only (the engine splits the message first).
 */
public sealed interface RuleAction {

    /** The parameter's name in the configuration, e.g. {@code prependSubject}. */
    String parameter();

    /** Deliver through this outbound connector (S7; it may be rule-scoped). */
    record RouteMessageOutboundConnector(String connector) implements RuleAction {
        public String parameter() {
            return "routeMessageOutboundConnector";
        }
    }

    /** Deliver over TLS only (never plain text), whichever route is taken. */
    record RouteMessageOutboundRequireTls() implements RuleAction {
        public String parameter() {
            return "routeMessageOutboundRequireTls";
        }
    }

    /** Refuse the message at the end of DATA with this code and text. */
    record RejectMessage(String reasonText, String enhancedStatusCode) implements RuleAction {
        public String parameter() {
            return "rejectMessageReasonText";
        }
    }

    /** Drop the message silently (for the matched recipients). */
    record DeleteMessage() implements RuleAction {
        public String parameter() {
            return "deleteMessage";
        }
    }

    /** Deliver to these recipients instead of the matched ones. */
    record RedirectMessageTo(List<String> addresses) implements RuleAction {
        public String parameter() {
            return "redirectMessageTo";
        }
    }

    /** Add envelope recipients that no header shows. */
    record BlindCopyTo(List<String> addresses) implements RuleAction {
        public String parameter() {
            return "blindCopyTo";
        }
    }

    /** Add recipients, also to the To: header. */
    record AddToRecipients(List<String> addresses) implements RuleAction {
        public String parameter() {
            return "addToRecipients";
        }
    }

    /** Add recipients, also to the Cc: header. */
    record CopyTo(List<String> addresses) implements RuleAction {
        public String parameter() {
            return "copyTo";
        }
    }

    /** {@code setHeaderName} + {@code setHeaderValue}: add the header, replacing any of that name. */
    record SetHeader(String name, String value) implements RuleAction {
        public String parameter() {
            return "setHeaderName";
        }
    }

    /** Remove every header field of this name. */
    record RemoveHeader(String name) implements RuleAction {
        public String parameter() {
            return "removeHeader";
        }
    }

    /** Put this text before the subject. */
    record PrependSubject(String prefix) implements RuleAction {
        public String parameter() {
            return "prependSubject";
        }
    }

    /** {@code applyHtmlDisclaimerText} + {@code …Location} + {@code …FallbackAction}. */
    record ApplyHtmlDisclaimer(String html, DisclaimerLocation location, DisclaimerFallbackAction fallback)
            implements RuleAction {
        public String parameter() {
            return "applyHtmlDisclaimerText";
        }
    }
}
