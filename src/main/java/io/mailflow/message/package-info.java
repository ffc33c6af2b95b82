/**
 * A message as bytes: what every stage that touches a message's content shares.
 * <p><b>Owns:</b> {@link io.mailflow.message.MessageContent}, the bytes of one message as they
 * travel from the SMTP session through the rules to the store and to delivery (arrays in memory
 * and ranges of files, so an edited copy reuses the original's unchanged bytes),.
 * <p><b>Never:</b> knows any other Mailflow package; decides nothing about mail.
 * <p><b>Standards:</b> RFC 5322 (line endings are CRLF), RFC 2045 §6 (transfer encodings), RFC 2047
 * (encoded words).
 */
package io.mailflow.message;
