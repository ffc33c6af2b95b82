/**
 * The SMTP protocol without I/O: bytes in, commands out; replies in, bytes out. Shared by the
 * server ({@code receive}) and the client ({@code deliver}).
 *
 * <p><b>Owns:</b> strict line reading ({@link io.mailflow.smtp.CommandDecoder}), the DATA decoder
 * with dot-unstuffing and end-of-data detection ({@link io.mailflow.smtp.DataDecoder}), command
 * and path parsing ({@link io.mailflow.smtp.CommandParser}), ESMTP parameters (SIZE, BODY,
 * SMTPUTF8, DSN's RET/ENVID/NOTIFY/ORCPT) and reply formatting ({@link io.mailflow.smtp.Reply}).
 *
 * <p><b>Never:</b> touches a socket, a clock or the configuration; every limit is passed in.
 *
 * <p><b>Security:</b> only CRLF ends a line. A bare LF or bare CR is reported, never silently
 * taken as a line end, and end of data is only ever {@code CRLF.CRLF} (SMTP smuggling,
 * CVE-2023-51764). NUL bytes are reported. Over-long lines are reported and skipped without
 * being buffered.
 *
 * <p><b>Standards:</b> RFC 5321 (SMTP), RFC 1870 (SIZE), RFC 6152 (8BITMIME), RFC 2920
 * (PIPELINING), RFC 2034/3463 (enhanced status codes), RFC 3461 (DSN parameters), RFC 3030
 * (CHUNKING), RFC 6531 (SMTPUTF8).
 */
package io.mailflow.smtp;
