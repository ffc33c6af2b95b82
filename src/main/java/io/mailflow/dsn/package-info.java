/**
 * Delivery status notifications: the non-delivery report (NDR), the delay notice and the success
 * notice a sender gets about their message, composed as complete messages ready to queue.
 *
 * <p><b>Owns:</b> {@link io.mailflow.dsn.DeliveryStatusNotification#compose}, which turns a
 * {@link io.mailflow.dsn.DsnRequest} into a multipart/report: a human part in the style of
 * Exchange Online's NDR (what happened, who must fix it, how, then details for email admins), the
 * message/delivery-status part a program reads, and the original message or its headers. Also the
 * two questions asked before one is sent: does the recipient's NOTIFY ask for it
 * ({@link io.mailflow.dsn.DeliveryStatusNotification#requested}), and which status code does a
 * reply carry ({@link io.mailflow.dsn.DeliveryStatusNotification#statusOf}).
 *
 * <p><b>Never:</b> sends, queues or decides whether a notice is due beyond NOTIFY; reads a clock
 * (the time is passed in); writes a header that is not 7-bit (except an SMTPUTF8 sender's address
 * in To:) or a line over 998 octets outside the returned original, which is copied byte for byte.
 * The caller sends the notice with a null reverse-path (RFC 5321 §4.5.5) and, when
 * its Content-Transfer-Encoding is 8bit or binary, with BODY=8BITMIME or BINARYMIME.
 *
 * <p><b>Standards:</b> RFC 3464 (message/delivery-status), RFC 6522 (multipart/report), RFC 3461
 * (NOTIFY, RET, ENVID, ORCPT), RFC 3463 (enhanced status codes), RFC 6533 §3 (utf-8 addresses),
 * RFC 3834 (Auto-Submitted), RFC 2045-2047 (MIME, encoded words), RFC 5322.
 *
 * <p><b>See also:</b> {@code shared/reference/exchange-mailflow.md} §6.2 (codes) and §6.3 (the NDR).
 */
package io.mailflow.dsn;
