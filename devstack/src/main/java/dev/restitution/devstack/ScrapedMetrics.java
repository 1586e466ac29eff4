package dev.restitution.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * A service's {@code /q/metrics} as Prometheus scrapes it (text exposition format), read by tests that cause a state
 * and then look for the gauge that reports it.
 */
public final class ScrapedMetrics {

    /** One series: its metric name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Sample> samples;

    private ScrapedMetrics(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    /** Scrapes {@code metricsUrl} (e.g. the management interface's {@code /q/metrics}) once. */
    public static ScrapedMetrics scrape(String metricsUrl) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(metricsUrl + " answered " + response.statusCode());
            }
            return parse(response.body());
        } catch (IOException failure) {
            throw new IllegalStateException("cannot scrape " + metricsUrl, failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scraping " + metricsUrl, interrupted);
        }
    }

    /**
     * Scrapes until the one series named {@code name} whose labels include {@code labels} has a value {@code until}
     * accepts, and answers that value; fails naming the last value seen after {@code timeout}.
     */
    public static double awaitValue(String metricsUrl, String name, Map<String, String> labels, DoublePredicate until,
                                    Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Optional<Double> last = Optional.empty();
        while (true) {
            last = scrape(metricsUrl).value(name, labels);
            if (last.isPresent() && until.test(last.get())) {
                return last.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(name + labels + " did not reach the expected value within " + timeout
                        + "; last seen: " + last.map(String::valueOf).orElse("absent"));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", interrupted);
            }
        }
    }

    /** Parses the text exposition format: comment lines skipped, one sample per other non-empty line. */
    public static ScrapedMetrics parse(String text) {
        List<Sample> parsed = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                parsed.add(sample(line.strip()));
            }
        }
        return new ScrapedMetrics(parsed);
    }

    /** Every series of metric {@code name}. */
    public List<Sample> series(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).toList();
    }

    /**
     * The value of the one series of {@code name} whose labels include {@code labels}; empty when none does.
     *
     * @throws IllegalStateException when several series match (the test must name more labels)
     */
    public Optional<Double> value(String name, Map<String, String> labels) {
        List<Sample> matching = series(name).stream()
                .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet())).toList();
        if (matching.size() > 1) {
            throw new IllegalStateException(matching.size() + " series of " + name + " match " + labels);
        }
        return matching.stream().findFirst().map(Sample::value);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (brace < 0 || (space >= 0 && space < brace)) {
            return new Sample(line.substring(0, space), Map.of(), value(line.substring(space + 1)));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int at = brace + 1;
        while (line.charAt(at) != '}') {
            int equals = line.indexOf('=', at);
            String label = line.substring(at, equals).strip();
            StringBuilder value = new StringBuilder();
            int i = equals + 2; // past ="
            while (line.charAt(i) != '"') {
                char c = line.charAt(i);
                if (c == '\\') {
                    char escaped = line.charAt(++i);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
                i++;
            }
            labels.put(label, value.toString());
            at = i + 1;
            if (line.charAt(at) == ',') {
                at++;
            }
        }
        return new Sample(line.substring(0, brace), labels, value(line.substring(at + 1)));
    }

    private static double value(String rest) {
        String number = rest.strip().split(" ")[0];
        return switch (number) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(number);
        };
    }
}
