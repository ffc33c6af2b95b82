package io.mailflow.dns;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.PortUnreachableException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Record;
import org.xbill.DNS.lookup.LookupFailedException;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;
import org.xbill.DNS.lookup.ServerFailedException;

/** The outcome of one DNS question, before it is read as an MX or an address answer. */
sealed interface QueryResult {

    /** The records of the asked type, after any CNAME; empty when the name has none (NODATA). */
    record Records(List<Record> records) implements QueryResult {
        public Records {
            records = List.copyOf(records);
        }
    }

    /** NXDOMAIN. */
    record NoSuchDomain() implements QueryResult {
    }

    /** No usable answer: timeout, SERVFAIL, REFUSED, network error. */
    record Failed(String reason) implements QueryResult {
    }

    /** Reads what dnsjava's LookupSession completed with: a result, or an exception. */
    static QueryResult of(LookupResult result, Throwable error) {
        if (error == null) {
            return new Records(result.getRecords());
        }
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return switch (e) {
            case NoSuchDomainException x -> new NoSuchDomain();
            // NODATA: the name exists without records of this type.
            case NoSuchRRSetException x -> new Records(List.of());
            case ServerFailedException x -> new Failed("SERVFAIL");
            case LookupFailedException x -> new Failed(text(x));
            case PortUnreachableException x -> new Failed("server port unreachable");
            // PromptResolver's timeout is a TimeoutException, SimpleResolver's a
            // SocketTimeoutException, ExtendedResolver's a plain IOException "Timed out while ...".
            case TimeoutException x -> new Failed("timed out");
            case InterruptedIOException x -> new Failed("timed out");
            case IOException x when String.valueOf(x.getMessage()).startsWith("Timed out") -> new Failed("timed out");
            default -> new Failed(text(e));
        };
    }

    private static String text(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
