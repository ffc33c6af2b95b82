package io.mailflow.pipeline;

/**
 * What the receiving session knows about the client, for the Received: header and the trace.
 *
 * @param ip the client's IP address
 * @param helo the name the client gave in HELO/EHLO
 * @param esmtp true after EHLO
 * @param listener the listener's name
 * @param tlsProtocol the TLS version, or null without TLS
 * @param tlsCipher the TLS cipher suite, or null without TLS
 * @param inboundConnector the inbound connector the session was attributed to, or null
 * @param fromOnPremises that connector is an OnPremises one (mail from our own organization's servers)
 * @param authenticatedUser the mailbox that logged in with SMTP AUTH, or null
 * @param internal the message counts as from inside the organization (an authenticated user, or an
 *        OnPremises connector with treatMessagesAsInternal)
 */
public record ClientFacts(String ip, String helo, boolean esmtp, String listener, String tlsProtocol, String tlsCipher,
        String inboundConnector, boolean fromOnPremises, String authenticatedUser, boolean internal) {

    public boolean tls() {
        return tlsProtocol != null;
    }

    /** TLS as one word for the trace: {@code TLSv1.3 TLS_AES_256_GCM_SHA384}, or empty. */
    public String tlsText() {
        return tls() ? tlsProtocol + " " + tlsCipher : "";
    }
}
