/**
 * Bounds on blocking socket I/O that the socket API does not give, shared by the SMTP server
 * ({@code receive}) and client ({@code deliver}).
 *
 * <p><b>Owns:</b> the write watchdog ({@link io.mailflow.net.WriteWatchdog}: a write that does not
 * return in time closes the connection) and deadlines for a connection's whole life
 * ({@link io.mailflow.net.Deadline}), on one timer thread.
 *
 * <p><b>Never:</b> speaks SMTP, reads the configuration or blocks its timer thread: a task only
 * closes a TCP socket, which does not wait.
 *
 * <p><b>Security:</b> a peer that never reads fills its receive window and our send buffer, and a
 * blocking write then waits forever, holding a thread and whatever the connection holds (a
 * connection slot, a delivery). What is closed is always the TCP socket, never a TLS socket layered
 * on it: {@code SSLSocket.close()} first sends close_notify under the lock that the blocked writer
 * holds, and would wait for it forever.
 *
 * <p><b>See also:</b> {@code SO_TIMEOUT}, which bounds reads only.
 */
package io.mailflow.net;
