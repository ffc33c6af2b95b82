package io.mailflow.admin.cli;

import io.mailflow.receive.Passwords;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mailflow hash-password}: the bcrypt hash to put in a mailbox's {@code password}. */
@Command(name = "hash-password", description = "Read a password (from the terminal, or one line on standard input) and print"
        + " its bcrypt hash for a mailbox's 'password' field.")
final class HashPasswordCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        char[] password = readPassword("Password: ");
        if (password.length == 0) {
            System.err.println("no password given");
            return 1;
        }
        System.out.println(Passwords.hash(password));
        Arrays.fill(password, '\0');
        return 0;
    }

    /**
     * A password from the terminal without echo, or one line of standard input when that is not a
     * terminal (scripts); empty when none was given.
     */
    static char[] readPassword(String prompt) throws java.io.IOException {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("%s", prompt);
            return typed == null ? new char[0] : typed;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? new char[0] : line.toCharArray();
    }
}
