package dev.restitution.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No hand-written main class grows past what a reader takes in at once. */
class SourceSizeTest {

    private static final int MAXIMUM_LINES = 350;

    @Test
    void noHandWrittenMainClassIsOverThreeHundredFiftyLines() throws IOException {
        // Why: a class past 350 lines has stopped being one thing (issue 15); generated code lives under target/.
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> file.toString().contains("/src/main/java/"))
                    .filter(file -> !file.toString().contains("/node_modules/") && !file.toString().contains("/target/"))
                    .toList();
        }
        assertTrue(sources.size() > 100, "main sources found under " + root + ": " + sources.size());
        List<String> tooLong = sources.stream()
                .filter(file -> lines(file) > MAXIMUM_LINES)
                .map(file -> root.relativize(file) + " (" + lines(file) + " lines)")
                .toList();
        assertEquals(List.of(), tooLong, "main classes over " + MAXIMUM_LINES + " lines");
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
