package io.mailflow.admin.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends one message over SMTP, as a mail client would: enough for the demo, no more. */
final class DemoClient {

    private DemoClient() {
    }

    /** Returns the server's reply to the end of data, or the first refusal. */
    static String send(int port, String from, String to, String subject) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            reply(in);
            for (String cmd : new String[] {"EHLO demo.client", "MAIL FROM:<" + from + ">", "RCPT TO:<" + to + ">", "DATA"}) {
                out.write((cmd + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                String r = reply(in);
                if (!r.startsWith("2") && !r.startsWith("3")) {
                    return r;
                }
            }
            out.write(("From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\n\r\n" + subject + "\r\n.\r\nQUIT\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply(in);
        }
    }

    private static String reply(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }
}
