package io.mailflow.deliver;

/**
 * The reasons a delivery attempt gives when the next hop itself gave no reply to quote: Exchange
 * Online's connector codes (exchange-mailflow.md §6.2), all temporary while queued.
 */
final class OutboundReplies {

    private OutboundReplies() {
    }

    static final String DNS_FAILED = "450 4.4.312 DNS query failed";
    static final String TIMED_OUT = "450 4.4.315 Connection timed out";
    static final String REFUSED = "450 4.4.316 Connection refused";
    static final String CANNOT_CONNECT = "450 4.4.317 Cannot connect to remote server";
    static final String TLS_NOT_OFFERED = "450 4.4.317 Cannot connect to remote server: TLS is required but the server"
            + " did not offer STARTTLS";
    static final String TLS_REFUSED = "450 4.4.317 Cannot connect to remote server: TLS is required but the server"
            + " refused STARTTLS";
    static final String CLOSED_ABRUPTLY = "450 4.4.318 Connection was closed abruptly";
    static final String CERTIFICATE = "450 4.7.320 Certificate validation failed";
    static final String NO_SUCH_DOMAIN = "550 5.4.310 DNS domain does not exist";
    static final String NULL_MX = "556 5.1.10 Recipient address has a null MX: the domain accepts no mail (RFC 7505)";
    static final String NO_ADDRESS = "550 5.4.4 Unable to route: the next hop has no address";
    static final String NEEDS_SMTPUTF8 = "553 5.6.7 The next hop does not support SMTPUTF8, which this message needs (RFC 6531)";
    static final String NEEDS_8BITMIME = "554 5.6.3 The next hop does not support 8BITMIME and the message has 8-bit content";
    static final String TOO_BIG = "552 5.3.4 Message too big for the next hop";
}
