package dev.restitution.ledger.snapshot.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a balances file line by line from a stream, never holding more than one buffer of it:
 * CSV with the header {@code account_id,asset,amount}, or NDJSON with one object of exactly those
 * three string fields per line. Each well-formed line goes to {@link Rows} with its data row number
 * (0 for the first data line) and its line number; each malformed line, a wrong header, an empty
 * file and too many rows are reported to {@link ImportErrors}.
 */
public final class BalanceFileReader {

    public static final String CSV_HEADER = "account_id,asset,amount";
    static final int MAX_LINE_BYTES = 4096;
    private static final int BUFFER_BYTES = 1 << 16;
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** Receives each well-formed data line. */
    public interface Rows {
        void accept(int rowNo, long line, String accountId, String asset, String amount);
    }

    private final InputStream input;
    private final FileFormat format;
    private final ImportErrors errors;
    private final int maxRows;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int start;
    private int end;
    private boolean endOfInput;
    private long lineNumber;
    /** Offset and length of the current line in {@link #buffer}; length -1 for a line that was too long. */
    private int lineStart;
    private int lineLength;

    public BalanceFileReader(InputStream input, FileFormat format, ImportErrors errors, int maxRows) {
        this.input = input;
        this.format = format;
        this.errors = errors;
        this.maxRows = maxRows;
    }

    /** Reads the whole file; returns the number of data lines read. */
    public int read(Rows rows) throws IOException {
        skipByteOrderMark();
        if (endOfInput && start == end) {
            errors.add("file", "the file is empty");
            return 0;
        }
        if (format == FileFormat.CSV && !readHeader()) {
            return 0;
        }
        long firstDataLine = lineNumber + 1;
        int rowNo = 0;
        while (nextLine()) {
            if (rowNo == maxRows) {
                errors.add(lineNumber, null, "the file has more than " + maxRows + " rows, the most one import takes");
                return rowNo;
            }
            if (lineLength < 0) {
                errors.add(lineNumber, null, "the line is longer than " + MAX_LINE_BYTES + " bytes");
            } else if (lineLength == 0) {
                errors.add(lineNumber, null, "the line is empty");
            } else if (format == FileFormat.CSV) {
                csvRow(rowNo, rows);
            } else {
                jsonRow(rowNo, rows);
            }
            rowNo++;
        }
        if (rowNo == 0) {
            errors.add("file", "the file has no rows");
        }
        assert lineNumber - firstDataLine + 1 == rowNo;
        return rowNo;
    }

    private boolean readHeader() throws IOException {
        if (!nextLine()) {
            errors.add("file", "the file is empty");
            return false;
        }
        String header = lineLength < 0 ? "" : new String(buffer, lineStart, lineLength, StandardCharsets.ISO_8859_1);
        if (!header.equals(CSV_HEADER)) {
            errors.add(lineNumber, "header", "the header must be exactly " + CSV_HEADER);
            return false;
        }
        return true;
    }

    private void csvRow(int rowNo, Rows rows) {
        int lineEnd = lineStart + lineLength;
        int firstComma = indexOf(',', lineStart, lineEnd);
        int secondComma = firstComma < 0 ? -1 : indexOf(',', firstComma + 1, lineEnd);
        if (secondComma < 0 || indexOf(',', secondComma + 1, lineEnd) >= 0) {
            errors.add(lineNumber, null, "expected 3 fields account_id,asset,amount, found " + fieldCount(lineStart, lineEnd));
            return;
        }
        rows.accept(rowNo, lineNumber, text(lineStart, firstComma), text(firstComma + 1, secondComma),
                text(secondComma + 1, lineEnd));
    }

    private void jsonRow(int rowNo, Rows rows) {
        String accountId = null;
        String asset = null;
        String amount = null;
        long errorsBefore = errors.count();
        try (JsonParser parser = JSON.createParser(buffer, lineStart, lineLength)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                errors.add(lineNumber, null, "each line must be one JSON object");
                return;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "account_id" -> accountId = stringValue(parser, value, field, accountId);
                    case "asset" -> asset = stringValue(parser, value, field, asset);
                    case "amount" -> amount = stringValue(parser, value, field, amount);
                    default -> {
                        errors.add(lineNumber, field, "unknown field");
                        parser.skipChildren();
                    }
                }
            }
            if (parser.nextToken() != null) {
                errors.add(lineNumber, null, "only one JSON object may stand on a line");
            }
        } catch (JsonProcessingException malformed) {
            errors.add(lineNumber, null, "not valid JSON: " + malformed.getOriginalMessage());
            return;
        } catch (IOException unexpected) {
            throw new IllegalStateException("reading JSON from memory failed", unexpected);
        }
        requirePresent(accountId, "account_id");
        requirePresent(asset, "asset");
        requirePresent(amount, "amount");
        if (errors.count() == errorsBefore) {
            rows.accept(rowNo, lineNumber, accountId, asset, amount);
        }
    }

    private String stringValue(JsonParser parser, JsonToken value, String field, String previous) throws IOException {
        if (previous != null) {
            errors.add(lineNumber, field, "appears twice");
        }
        if (value != JsonToken.VALUE_STRING) {
            errors.add(lineNumber, field, "must be a string");
            parser.skipChildren();
            return "";
        }
        return parser.getText();
    }

    private void requirePresent(String value, String field) {
        if (value == null) {
            errors.add(lineNumber, field, "is missing");
        }
    }

    /** Advances to the next line; false at the end of the input. A final line without newline counts. */
    private boolean nextLine() throws IOException {
        while (true) {
            int newline = indexOf('\n', start, end);
            if (newline >= 0) {
                setLine(start, newline);
                start = newline + 1;
                return true;
            }
            if (endOfInput) {
                if (start == end) {
                    return false;
                }
                setLine(start, end);
                start = end;
                return true;
            }
            if (end - start >= MAX_LINE_BYTES) {
                skipRestOfLongLine();
                return true;
            }
            fill();
        }
    }

    private void setLine(int from, int to) {
        lineNumber++;
        int length = to - from;
        if (length > 0 && buffer[to - 1] == '\r') {
            length--;
        }
        lineStart = from;
        lineLength = length > MAX_LINE_BYTES ? -1 : length;
    }

    private void skipRestOfLongLine() throws IOException {
        lineNumber++;
        lineLength = -1;
        while (true) {
            int newline = indexOf('\n', start, end);
            if (newline >= 0) {
                start = newline + 1;
                return;
            }
            start = end;
            if (endOfInput) {
                return;
            }
            fill();
        }
    }

    /** Moves the unread rest to the front of the buffer and reads more. */
    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        int read = input.read(buffer, end, buffer.length - end);
        if (read < 0) {
            endOfInput = true;
        } else {
            end += read;
        }
    }

    private void skipByteOrderMark() throws IOException {
        while (!endOfInput && end - start < 3) {
            fill();
        }
        if (end - start >= 3 && (buffer[start] & 0xff) == 0xef && (buffer[start + 1] & 0xff) == 0xbb
                && (buffer[start + 2] & 0xff) == 0xbf) {
            start += 3;
        }
    }

    private int indexOf(char character, int from, int to) {
        for (int index = from; index < to; index++) {
            if (buffer[index] == character) {
                return index;
            }
        }
        return -1;
    }

    private int fieldCount(int from, int to) {
        int count = 1;
        for (int index = from; index < to; index++) {
            if (buffer[index] == ',') {
                count++;
            }
        }
        return count;
    }

    /** CSV fields are ASCII when valid; Latin-1 decoding keeps any other byte visible for the error message. */
    private String text(int from, int to) {
        return new String(buffer, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
