package io.mailflow.model;

import java.util.List;

/**
 * One action of a mail flow rule, named as in Exchange's New-TransportRule. Recipient actions
 * (routing, redirect) apply to the recipients the rule matched; the others to the message.
 */
public sealed interface RuleAction {

    /** The parameter's name in the configuration, e.g. {@code prependSubject}. */
    String parameter();

    /** True when the action applies to the matched recipients rather than the whole message. */
    default boolean aboutRecipients() {
        return false;
    }

    /** Deliver through this outbound connector (S7; it may be rule-scoped). */
    record RouteMessageOutboundConnector(String connector) implements RuleAction {
        public String parameter() {
            return "routeMessageOutboundConnector";
        }

        public boolean aboutRecipients() {
            return true;
        }
    }

    /** Deliver over TLS only (never plain text), whichever route is taken. */
    record RouteMessageOutboundRequireTls() implements RuleAction {
        public String parameter() {
            return "routeMessageOutboundRequireTls";
        }

        public boolean aboutRecipients() {
            return true;
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

        public boolean aboutRecipients() {
            return true;
        }
    }

    /** Deliver to these recipients instead of the matched ones. */
    record RedirectMessageTo(List<String> addresses) implements RuleAction {
        public String parameter() {
            return "redirectMessageTo";
        }

        public boolean aboutRecipients() {
            return true;
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
