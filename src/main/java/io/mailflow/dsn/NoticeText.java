package io.mailflow.dsn;

import static io.mailflow.dsn.MailFormat.CRLF;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The human-readable part, laid out like Exchange Online's NDR: what happened and to whom, who
 * must fix it and how, then the details an email admin needs, recipient by recipient.
 */
final class NoticeText {

    private static final int WRAP_AT = 72;

    private NoticeText() {
    }

    /** The text of the first part, CRLF line ends, not yet transfer-encoded. */
    static String of(DsnRequest request) {
        StringBuilder out = new StringBuilder();
        switch (request.action()) {
            case FAILED -> failed(out, request.recipients());
            case DELAYED -> delayed(out, request.recipients());
            case DELIVERED -> lead(out, "Your message was delivered to these recipients:", request.recipients(),
                    "No action is needed.");
            case RELAYED -> lead(out, "Your message was passed on to the email system of these recipients:",
                    request.recipients(), "That system doesn't send delivery reports, so you won't hear "
                            + "whether the message reaches the recipient's mailbox.");
            case EXPANDED -> lead(out, "Your message was delivered to these groups, which passed it on to their members:",
                    request.recipients(), "You won't get a report for each member that receives it, only for a member "
                            + "it can't be delivered to or is delayed for.");
        }
        details(out, request);
        return out.toString();
    }

    /** Recipients are grouped by cause, so each gets its own "who fixes it" advice. */
    private static void failed(StringBuilder out, List<RecipientReport> recipients) {
        out.append("Your message couldn't be delivered.").append(CRLF).append(CRLF);
        Map<FailureCause, List<RecipientReport>> byCause = recipients.stream().collect(Collectors.groupingBy(
                r -> FailureCause.of(r.status()), LinkedHashMap::new, Collectors.toList()));
        byCause.forEach((cause, reports) -> {
            lead(out, cause.whatHappened, reports, null);
            out.append(wrap("Who should fix it: " + cause.whoFixes)).append(CRLF);
            out.append(wrap("How to fix it: " + cause.howToFix)).append(CRLF).append(CRLF);
        });
    }

    private static void delayed(StringBuilder out, List<RecipientReport> recipients) {
        Instant until = recipients.stream().map(RecipientReport::willRetryUntil).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
        String retry = until == null ? "We'll keep trying to deliver it for a while."
                : "We'll keep trying to deliver it until " + MailFormat.date(until) + ".";
        lead(out, "Delivery of your message to these recipients is delayed:", recipients,
                "This isn't an error yet, and you don't need to do anything. " + retry
                        + " If it still can't be delivered by then, you'll get another message saying so.");
    }

    private static void lead(StringBuilder out, String sentence, List<RecipientReport> recipients, String after) {
        out.append(wrap(sentence)).append(CRLF).append(CRLF);
        for (RecipientReport r : recipients) {
            out.append("    ").append(r.finalRecipient()).append(CRLF);
        }
        out.append(CRLF);
        if (after != null) {
            out.append(wrap(after)).append(CRLF).append(CRLF);
        }
    }

    private static void details(StringBuilder out, DsnRequest request) {
        out.append("More information for email admins").append(CRLF).append(CRLF);
        out.append("Reported by: ").append(request.reportingMta()).append(CRLF);
        out.append("Message received: ").append(MailFormat.date(request.arrivalDate())).append(CRLF);
        if (!request.originalSubject().isEmpty()) {
            out.append("Subject: ").append(oneLine(request.originalSubject())).append(CRLF);
        }
        for (RecipientReport r : request.recipients()) {
            out.append(CRLF).append("Recipient: ").append(r.finalRecipient()).append(CRLF);
            out.append("Remote server: ").append(r.remoteMta() == null ? "none (the message didn't reach one)"
                    : r.remoteMta()).append(CRLF);
            out.append("Status: ").append(r.status()).append(CRLF);
            if (r.diagnosticCode() != null) {
                // Without a remote server the text is our own reason, not a reply.
                out.append(r.remoteMta() == null ? "Reason: " : "Server response: ")
                        .append(oneLine(r.diagnosticCode())).append(CRLF);
            }
            if (r.lastAttempt() != null) {
                out.append("Last attempt: ").append(MailFormat.date(r.lastAttempt())).append(CRLF);
            }
            if (r.willRetryUntil() != null) {
                out.append("Will retry until: ").append(MailFormat.date(r.willRetryUntil())).append(CRLF);
            }
        }
    }

    /** A paragraph broken at spaces into lines of at most 72 characters, as plain-text mail is read. */
    static String wrap(String paragraph) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (String word : paragraph.split(" ")) {
            if (out.length() > lineStart && out.length() - lineStart + 1 + word.length() > WRAP_AT) {
                out.append(CRLF);
                lineStart = out.length();
            } else if (out.length() > lineStart) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }

    /** Text that came from elsewhere, on one line: a CR or LF in it must not break our layout. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ");
    }
}
