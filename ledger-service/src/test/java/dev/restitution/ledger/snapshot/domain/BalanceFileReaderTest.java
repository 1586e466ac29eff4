package dev.restitution.ledger.snapshot.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.problem.FieldViolation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BalanceFileReaderTest {

    private record Line(int rowNo, long line, String accountId, String asset, String amount) {
    }

    private final ImportErrors errors = new ImportErrors(10);
    private final List<Line> lines = new ArrayList<>();

    private int read(FileFormat format, String content) throws IOException {
        return read(format, content.getBytes(StandardCharsets.UTF_8), 1000);
    }

    private int read(FileFormat format, byte[] content, int maxRows) throws IOException {
        return new BalanceFileReader(new ByteArrayInputStream(content), format, errors, maxRows)
                .read((rowNo, line, accountId, asset, amount) -> lines.add(new Line(rowNo, line, accountId, asset, amount)));
    }

    private List<String> errorFields() {
        return errors.reported().stream().map(FieldViolation::field).toList();
    }

    @Test
    void csvRowsArriveWithRowAndLineNumbers() throws IOException {
        // Why: errors and duplicates are reported by line number, so row and line must stay in step.
        int rows = read(FileFormat.CSV, "\uFEFFaccount_id,asset,amount\r\nACC-1,ETH,5\r\nACC-2,USDT,1.5\n");
        assertEquals(2, rows);
        assertTrue(errors.isEmpty());
        assertEquals(List.of(new Line(0, 2, "ACC-1", "ETH", "5"), new Line(1, 3, "ACC-2", "USDT", "1.5")), lines);
    }

    @Test
    void ndjsonRowsArriveWithRowAndLineNumbers() throws IOException {
        // Why: NDJSON has no header, so its first row is line 1.
        int rows = read(FileFormat.NDJSON, """
                {"account_id": "ACC-1", "asset": "ETH", "amount": "5"}
                {"amount": "7", "asset": "USDT", "account_id": "ACC-2"}""");
        assertEquals(2, rows);
        assertTrue(errors.isEmpty());
        assertEquals(List.of(new Line(0, 1, "ACC-1", "ETH", "5"), new Line(1, 2, "ACC-2", "USDT", "7")), lines);
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        // Why: an empty upload would seal a snapshot that owes nobody anything.
        read(FileFormat.CSV, "");
        assertEquals(List.of("file"), errorFields());
        assertTrue(errors.reported().getFirst().message().contains("empty"));
    }

    @Test
    void aHeaderWithoutRowsIsRefused() throws IOException {
        // Why: a header alone is as empty as an empty file.
        read(FileFormat.CSV, "account_id,asset,amount\n");
        assertEquals(List.of("file"), errorFields());
        assertTrue(errors.reported().getFirst().message().contains("no rows"));
    }

    @Test
    void aWrongHeaderIsRefusedWithoutReadingTheRows() throws IOException {
        // Why: columns in another order would silently swap accounts and amounts.
        read(FileFormat.CSV, "asset,account_id,amount\nETH,ACC-1,5\n");
        assertEquals(List.of("line[1].header"), errorFields());
        assertTrue(lines.isEmpty());
    }

    @Test
    void malformedCsvLinesAreEachReported() throws IOException {
        // Why: the report must point at every bad line, not stop at the first.
        read(FileFormat.CSV, "account_id,asset,amount\nACC-1,ETH\nACC-2,ETH,5,extra\n\nACC-3,ETH,1\n");
        assertEquals(List.of("line[2]", "line[3]", "line[4]"), errorFields());
        assertEquals(List.of(new Line(3, 5, "ACC-3", "ETH", "1")), lines);
    }

    @Test
    void malformedNdjsonLinesAreEachReported() throws IOException {
        // Why: unknown fields, numbers for amounts and broken JSON must all be refused by line.
        read(FileFormat.NDJSON, """
                {"account_id": "ACC-1", "asset": "ETH"}
                {"account_id": "ACC-2", "asset": "ETH", "amount": 5}
                {"account_id": "ACC-3", "asset": "ETH", "amount": "5", "note": "x"}
                not json
                [1, 2]
                """);
        assertEquals(List.of("line[1].amount", "line[2].amount", "line[3].note", "line[4]", "line[5]"), errorFields());
        assertTrue(lines.isEmpty());
    }

    @Test
    void aTooLongLineIsReportedAndSkipped() throws IOException {
        // Why: line length is bounded so one runaway line cannot exhaust memory.
        read(FileFormat.CSV, "account_id,asset,amount\nACC-1,ETH," + "1".repeat(5000) + "\nACC-2,ETH,5\n");
        assertEquals(List.of("line[2]"), errorFields());
        assertEquals(List.of(new Line(1, 3, "ACC-2", "ETH", "5")), lines);
    }

    @Test
    void moreRowsThanTheLimitAreRefused() throws IOException {
        // Why: the number of rows one import holds in memory for its tree is bounded.
        read(FileFormat.CSV, "account_id,asset,amount\nA,ETH,1\nB,ETH,2\nC,ETH,3\n".getBytes(StandardCharsets.UTF_8), 2);
        assertEquals(List.of("line[4]"), errorFields());
    }

    @Test
    void onlyTheFirstErrorsAreListedButAllAreCounted() throws IOException {
        // Why: a file with a million bad lines yields a bounded report that still says how bad it is.
        read(FileFormat.CSV, "account_id,asset,amount\n" + "x\n".repeat(50));
        assertEquals(10, errors.reported().size());
        assertEquals(50, errors.count());
    }
}
