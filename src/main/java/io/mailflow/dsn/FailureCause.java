package io.mailflow.dsn;

/**
 * Why delivery failed, told to the sender as Exchange Online's NDRs tell it: what happened, who
 * must fix it, and how. Chosen from the subject and detail of the status code (RFC 3463 §3).
 */
enum FailureCause {

    ADDRESS("The recipient's email address wasn't found or isn't valid at the destination.",
            "You, the sender.",
            "Check the address for typing errors and send the message again. If it still fails, ask the "
                    + "recipient for their correct address, for example by phone."),
    MAILBOX_FULL("The recipient's mailbox is full.",
            "The recipient.",
            "Let the recipient know, by another way than email, that their mailbox is full. Send the message "
                    + "again once they have made room."),
    MAILBOX("The recipient's mailbox isn't accepting messages at the moment.",
            "The recipient or their email admin.",
            "Contact the recipient by another way than email and ask them to check their mailbox with their "
                    + "email admin."),
    TOO_BIG("The message is larger than the receiving system accepts.",
            "You, the sender.",
            "Send a smaller message: remove or compress attachments, or share large files as links, then "
                    + "send it again."),
    ROUTING("The message couldn't reach the recipient's email system: it couldn't be routed there, or the "
            + "receiving server couldn't be reached before the message expired.",
            "The recipient's email admin.",
            "Tell the recipient's email admin, by another way than email, and give them the details below. "
                    + "They should check the domain's MX records, the receiving server and any connector or "
                    + "smart host on the way. Then send the message again."),
    POLICY("The receiving system refused the message because of a security or policy setting.",
            "The recipient's email admin.",
            "Ask the recipient's email admin to look at the server response below, which names the rule or "
                    + "policy that refused the message. If your email admin runs the sending side, show it to "
                    + "them too."),
    CONTENT("The receiving system couldn't handle the content or format of the message.",
            "You, the sender, or your email admin.",
            "Try sending the message again without unusual attachments or formatting, for example as plain "
                    + "text. If it still fails, give this report to your email admin."),
    OTHER("The receiving system didn't accept the message.",
            "Your email admin or the recipient's email admin.",
            "Try again later. If it still fails, give this report to your email admin; the details below show "
                    + "what the receiving server answered.");

    final String whatHappened;
    final String whoFixes;
    final String howToFix;

    FailureCause(String whatHappened, String whoFixes, String howToFix) {
        this.whatHappened = whatHappened;
        this.whoFixes = whoFixes;
        this.howToFix = howToFix;
    }

    /** The cause behind an enhanced status code such as {@code 5.1.1} or {@code 4.4.7}. */
    static FailureCause of(String status) {
        String[] parts = status.split("\\.");
        int subject = Integer.parseInt(parts[1]);
        int detail = Integer.parseInt(parts[2]);
        return switch (subject) {
            case 1 -> ADDRESS;
            // RFC 3463 §3.3: X.2.2 mailbox full, X.2.3 message length exceeds administrative limit.
            case 2 -> detail == 2 ? MAILBOX_FULL : detail == 3 ? TOO_BIG : MAILBOX;
            // RFC 3463 §3.4: X.3.4 message too big for system.
            case 3 -> detail == 4 ? TOO_BIG : OTHER;
            // X.4.x network and routing, including X.4.7 delivery time expired.
            case 4 -> ROUTING;
            case 6 -> CONTENT;
            case 7 -> POLICY;
            default -> OTHER;
        };
    }
}
