package io.mailflow.smtp;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/** Turns one command line (without its CRLF) into an {@link SmtpCommand} or the reply refusing it. */
public final class CommandParser {

    /** What a command line parsed into. */
    public sealed interface Result {
        /** A well-formed command. */
        record Ok(SmtpCommand command) implements Result {
        }

        /** A malformed or unknown command and the reply that refuses it. */
        record Error(Reply reply) implements Result {
        }
    }

    private CommandParser() {
    }

    public static Result parse(String line) {
        int space = line.indexOf(' ');
        String word = space < 0 ? line : line.substring(0, space);
        String arg = space < 0 ? "" : line.substring(space + 1);
        SmtpVerb verb = SmtpVerb.of(word);
        if (verb == null) {
            return error(SmtpReplies.UNRECOGNIZED);
        }
        try {
            return new Result.Ok(switch (verb) {
                case HELO -> new SmtpCommand.Helo(hostArgument(arg, "HELO"));
                case EHLO -> new SmtpCommand.Ehlo(hostArgument(arg, "EHLO"));
                case MAIL -> mail(arg);
                case RCPT -> rcpt(arg);
                case DATA -> noArgument(arg, "DATA", new SmtpCommand.Data());
                case BDAT -> bdat(arg);
                case RSET, QUIT, STARTTLS -> noArgument(arg, verb.name(), new SmtpCommand.Simple(verb, ""));
                case NOOP, VRFY, EXPN, HELP -> new SmtpCommand.Simple(verb, arg.strip());
                case AUTH -> auth(arg);
            });
        } catch (SyntaxException e) {
            return error(e.reply);
        }
    }

    private static Result error(Reply reply) {
        return new Result.Error(reply);
    }

    private static String hostArgument(String arg, String verb) throws SyntaxException {
        String host = arg.strip();
        if (host.isEmpty() || host.length() > 255 || host.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new SyntaxException(Reply.of(501, "5.5.4", "Syntax: " + verb + " hostname"));
        }
        return host;
    }

    private static SmtpCommand noArgument(String arg, String verb, SmtpCommand command) throws SyntaxException {
        if (!arg.isBlank()) {
            throw new SyntaxException(Reply.of(501, "5.5.4", "Syntax: " + verb + " takes no argument"));
        }
        return command;
    }

    private static SmtpCommand mail(String arg) throws SyntaxException {
        String rest = after(arg, "FROM:", Reply.of(501, "5.5.4", "Syntax: MAIL FROM:<address>"));
        PathParser.Result path;
        try {
            path = PathParser.parse(rest, 0, true);
        } catch (IllegalArgumentException e) {
            throw new SyntaxException(Reply.of(501, "5.1.7", "Bad sender address syntax: " + e.getMessage()));
        }
        return new SmtpCommand.Mail(path.path(), EsmtpParameters.mail(rest.substring(path.end())));
    }

    private static SmtpCommand rcpt(String arg) throws SyntaxException {
        String rest = after(arg, "TO:", Reply.of(501, "5.5.4", "Syntax: RCPT TO:<address>"));
        PathParser.Result path;
        try {
            path = PathParser.parse(rest, 0, false);
        } catch (IllegalArgumentException e) {
            if (AsciiCase.regionMatches(rest, 0, "<postmaster>")) {
                return new SmtpCommand.Rcpt(SmtpPath.NULL, EsmtpParameters.rcpt(rest.substring(12)));
            }
            throw new SyntaxException(Reply.of(501, "5.1.3", "Bad recipient address syntax: " + e.getMessage()));
        }
        return new SmtpCommand.Rcpt(path.path(), EsmtpParameters.rcpt(rest.substring(path.end())));
    }

    /** Strips {@code FROM:} / {@code TO:} (any case), allowing the common space after the colon. */
    private static String after(String arg, String keyword, Reply syntax) throws SyntaxException {
        if (!AsciiCase.regionMatches(arg, 0, keyword)) {
            throw new SyntaxException(syntax);
        }
        String rest = arg.substring(keyword.length());
        int i = 0;
        while (i < rest.length() && rest.charAt(i) == ' ') {
            i++;
        }
        return rest.substring(i);
    }

    private static SmtpCommand bdat(String arg) throws SyntaxException {
        String[] parts = arg.strip().split(" +");
        Reply syntax = Reply.of(501, "5.5.4", "Syntax: BDAT size [LAST]");
        if (parts.length < 1 || parts.length > 2 || parts[0].isEmpty() || parts[0].length() > 18
                || !parts[0].chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new SyntaxException(syntax);
        }
        boolean last = parts.length == 2;
        if (last && !AsciiCase.equalsIgnoreCase(parts[1], "LAST")) {
            throw new SyntaxException(syntax);
        }
        return new SmtpCommand.Bdat(Long.parseLong(parts[0]), last);
    }

    private static SmtpCommand auth(String arg) throws SyntaxException {
        String[] parts = arg.strip().split(" +");
        // RFC 4422 §3.1: a mechanism name is 1 to 20 of A-Z, 0-9, '-' and '_'
        if (parts.length < 1 || parts.length > 2 || parts[0].isEmpty() || parts[0].length() > 20
                || !parts[0].chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'))) {
            throw new SyntaxException(Reply.of(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]"));
        }
        return new SmtpCommand.Auth(AsciiCase.upper(parts[0]), parts.length == 2 ? parts[1] : null);
    }

    /** A reply-carrying parse failure; internal to the parser. */
    static final class SyntaxException extends Exception {
        final transient Reply reply;

        SyntaxException(Reply reply) {
            super(reply.text(), null, false, false);
            this.reply = reply;
        }
    }

    static Set<DsnNotify> notifySet(String value) throws SyntaxException {
        Set<DsnNotify> set = EnumSet.noneOf(DsnNotify.class);
        Set<String> seen = new HashSet<>();
        for (String v : value.split(",", -1)) {
            DsnNotify n;
            try {
                n = DsnNotify.valueOf(AsciiCase.upper(v));
            } catch (IllegalArgumentException e) {
                throw new SyntaxException(Reply.of(501, "5.5.4", "Bad NOTIFY value: " + v));
            }
            if (!seen.add(AsciiCase.upper(v))) {
                throw new SyntaxException(Reply.of(501, "5.5.4", "NOTIFY lists " + v + " twice"));
            }
            set.add(n);
        }
        if (set.contains(DsnNotify.NEVER) && set.size() > 1) {
            throw new SyntaxException(Reply.of(501, "5.5.4", "NOTIFY=NEVER cannot be combined with other values"));
        }
        return set;
    }
}
