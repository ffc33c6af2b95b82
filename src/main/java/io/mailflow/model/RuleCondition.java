package io.mailflow.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One condition (or exception) of a mail flow rule, named as in Exchange's New-TransportRule. A
 * condition with several values matches when any value does. Conditions about recipients decide
 * per recipient: the rule's recipient actions then apply to the recipients that matched only.
 *
 * <p>Words match whole words, case-insensitively; a value may be a phrase. Patterns are regular
 * expressions, matched case-insensitively with a bound on their run time. Header and subject
 * values are decoded (RFC 2047, charsets) before matching.
 */
public sealed interface RuleCondition {

    /** The parameter's name in the configuration, e.g. {@code subjectContainsWords}. */
    String parameter();

    /** True when the condition is about each recipient rather than the message. */
    default boolean aboutRecipients() {
        return false;
    }

    /** The sender is one of these addresses (or of the directory objects they name). */
    record From(List<String> addresses) implements RuleCondition {
        public String parameter() {
            return "from";
        }
    }

    /** The sender is inside the organization, or not. */
    record FromScope(OrganizationScope scope) implements RuleCondition {
        public String parameter() {
            return "fromScope";
        }
    }

    /** The recipient is one of these addresses (or of the directory objects they name). */
    record SentTo(List<String> addresses) implements RuleCondition {
        public String parameter() {
            return "sentTo";
        }

        public boolean aboutRecipients() {
            return true;
        }
    }

    /** The recipient is inside the organization, or not. */
    record SentToScope(OrganizationScope scope) implements RuleCondition {
        public String parameter() {
            return "sentToScope";
        }

        public boolean aboutRecipients() {
            return true;
        }
    }

    /** The sender is a member of one of these groups (nested groups count). */
    record FromMemberOf(List<String> groups) implements RuleCondition {
        public String parameter() {
            return "fromMemberOf";
        }
    }

    /** The recipient is a member of one of these groups (nested groups count). */
    record SentToMemberOf(List<String> groups) implements RuleCondition {
        public String parameter() {
            return "sentToMemberOf";
        }

        public boolean aboutRecipients() {
            return true;
        }
    }

    /** The sender's domain is one of these or a subdomain of one. */
    record SenderDomainIs(List<String> domains) implements RuleCondition {
        public String parameter() {
            return "senderDomainIs";
        }
    }

    /** The recipient's domain is one of these or a subdomain of one. */
    record RecipientDomainIs(List<String> domains) implements RuleCondition {
        public String parameter() {
            return "recipientDomainIs";
        }

        public boolean aboutRecipients() {
            return true;
        }
    }

    record FromAddressContainsWords(List<String> words) implements RuleCondition {
        public String parameter() {
            return "fromAddressContainsWords";
        }
    }

    record FromAddressMatchesPatterns(List<Pattern> patterns) implements RuleCondition {
        public String parameter() {
            return "fromAddressMatchesPatterns";
        }
    }

    /** Words in the recipient's primary address (not its proxy addresses, as in Exchange). */
    record RecipientAddressContainsWords(List<String> words) implements RuleCondition {
        public String parameter() {
            return "recipientAddressContainsWords";
        }

        public boolean aboutRecipients() {
            return true;
        }
    }

    record RecipientAddressMatchesPatterns(List<Pattern> patterns) implements RuleCondition {
        public String parameter() {
            return "recipientAddressMatchesPatterns";
        }

        public boolean aboutRecipients() {
            return true;
        }
    }

    record SubjectContainsWords(List<String> words) implements RuleCondition {
        public String parameter() {
            return "subjectContainsWords";
        }
    }

    record SubjectMatchesPatterns(List<Pattern> patterns) implements RuleCondition {
        public String parameter() {
            return "subjectMatchesPatterns";
        }
    }

    /** Words in the subject or in a text body (plain or HTML, decoded). */
    record SubjectOrBodyContainsWords(List<String> words) implements RuleCondition {
        public String parameter() {
            return "subjectOrBodyContainsWords";
        }
    }

    record SubjectOrBodyMatchesPatterns(List<Pattern> patterns) implements RuleCondition {
        public String parameter() {
            return "subjectOrBodyMatchesPatterns";
        }
    }

    /** {@code headerContainsMessageHeader} + {@code headerContainsWords}. */
    record HeaderContainsWords(String header, List<String> words) implements RuleCondition {
        public String parameter() {
            return "headerContainsWords";
        }
    }

    /** {@code headerMatchesMessageHeader} + {@code headerMatchesPatterns}. */
    record HeaderMatchesPatterns(String header, List<Pattern> patterns) implements RuleCondition {
        public String parameter() {
            return "headerMatchesPatterns";
        }
    }

    /** The message is this size or larger (EAC: "greater than or equal to"). */
    record MessageSizeOver(ByteSize size) implements RuleCondition {
        public String parameter() {
            return "messageSizeOver";
        }
    }

    /** The connecting client's IP is in one of these (an address, {@code a-b} or CIDR). */
    record SenderIpRanges(List<IpInterval> ranges) implements RuleCondition {
        public String parameter() {
            return "senderIpRanges";
        }
    }

    /** An attachment's file name extension is one of these (without the dot). */
    record AttachmentExtensionMatchesWords(List<String> extensions) implements RuleCondition {
        public String parameter() {
            return "attachmentExtensionMatchesWords";
        }
    }

    /** The message has at least one attachment ({@code true}) or none ({@code false}). */
    record HasAttachment(boolean value) implements RuleCondition {
        public String parameter() {
            return "hasAttachment";
        }
    }
}
