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
        char[] password;
        Console console = System.console();
        if (console != null) {
            password = console.readPassword("Password: ");
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password == null || password.length == 0) {
            System.err.println("no password given");
            return 1;
        }
        System.out.println(Passwords.hash(password));
        Arrays.fill(password, '\0');
        return 0;
    }
}
