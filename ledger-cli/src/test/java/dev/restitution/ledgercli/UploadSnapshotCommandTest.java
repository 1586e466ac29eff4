package dev.restitution.ledgercli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UploadSnapshotCommandTest {

    @Test
    void theBarFillsWithProgressAndNeverOverflows() {
        // Why: the operator reads the state of a long import at a glance; a wrong or overflowing bar misleads.
        ProgressBar bar = new ProgressBar(10);
        assertEquals("upload  [..........]   0% start", bar.render("upload", 0, 100, "start"));
        assertEquals("import  [#####.....]  50% half", bar.render("import", 50, 100, "half"));
        assertEquals("import  [##########] 100% done", bar.render("import", 150, 100, "done"));
        assertEquals("import  [..........]   0% ?", bar.render("import", 5, 0, "?"));
    }

    @Test
    void theContentTypeFollowsTheFileNameAndIgnoresGzip() {
        // Why: the service reads CSV or NDJSON by content type; gzip it finds by the bytes themselves.
        assertEquals("text/csv", UploadSnapshotCommand.contentType(Path.of("balances.csv")));
        assertEquals("text/csv", UploadSnapshotCommand.contentType(Path.of("balances.CSV.gz")));
        assertEquals("application/x-ndjson", UploadSnapshotCommand.contentType(Path.of("balances.ndjson.gz")));
        assertEquals("application/x-ndjson", UploadSnapshotCommand.contentType(Path.of("balances.jsonl")));
    }

    @Test
    void withoutATokenTheCommandStopsBeforeSendingAnything() {
        // Why: an upload without credentials can only fail at the service; say so locally instead.
        UploadSnapshotCommand command = new UploadSnapshotCommand();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        command.err = new PrintStream(errors, true, StandardCharsets.UTF_8);
        int exitCode = new CommandLine(command).execute("--incident", "0b9e3f52-7d5c-4a8e-9c1f-2a6b8d4e1f30",
                "--file", "balances.csv", "--token", "");
        assertEquals(2, exitCode);
        assertTrue(errors.toString(StandardCharsets.UTF_8).contains("no token"));
    }
}
