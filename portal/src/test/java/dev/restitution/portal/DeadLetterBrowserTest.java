package dev.restitution.portal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.DevStack;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DeadLetterBrowserTest {

    private static final String DENYLIST_TOPIC = "restitution.payout.denylist";
    private static final String CLAIMS_DLQ = "restitution.payout.denylist.claims-dlq";

    private static void send(ProducerRecord<String, String> record) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.shared().kafkaBootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            producer.send(record).get();
        }
    }

    /** A CloudEvent of a type claims-service's denylist channel does not act on: its handler takes it without effect. */
    private static String eventNotForTheDenylist(UUID eventId) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"type\":\"dev.restitution.ledger.incident.declared.v1\","
                + "\"source\":\"/ledger-service\",\"time\":\"" + Instant.now() + "\",\"subject\":\"" + eventId + "\","
                + "\"datacontenttype\":\"application/json\",\"data\":{}}";
    }

    private static Locator rowOf(Page page, String text) {
        return page.getByTestId("dead-letter").filter(new Locator.FilterOptions().setHasText(text));
    }

    @Test
    void anEventOperatorInspectsAParkedEventSeesAFailedReplayRefusedAndReplaysAnotherOnce() throws Exception {
        // Why: the operator's way back for a parked event is this page; they must see why it was parked, be told plainly
        // when a replay still fails, and see a successful replay recorded so nobody replays it again.
        String garbage = "{\"not\":\"an event " + UUID.randomUUID() + "\"}";
        send(new ProducerRecord<>(DENYLIST_TOPIC, "31337:0x0", garbage));
        UUID replayable = UUID.randomUUID();
        ProducerRecord<String, String> parked = new ProducerRecord<>(CLAIMS_DLQ, replayable.toString(),
                eventNotForTheDenylist(replayable));
        parked.headers().add("dead-letter-reason", "claims-service was restarting".getBytes(StandardCharsets.UTF_8));
        parked.headers().add("dead-letter-topic", DENYLIST_TOPIC.getBytes(StandardCharsets.UTF_8));
        parked.headers().add("dead-letter-partition", "0".getBytes(StandardCharsets.UTF_8));
        parked.headers().add("dead-letter-offset", "0".getBytes(StandardCharsets.UTF_8));
        send(parked);

        try (PortalBrowser browser = new PortalBrowser("event-operator-dead-letters")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.OTTO, DemoUsers.PASSWORD);
            browser.capture("start");
            page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                    .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Dead letters")).click();
            page.waitForLoadState();
            String marker = garbage.substring(garbage.indexOf("an event"), garbage.length() - 2);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                page.reload();
                return rowOf(page, replayable.toString()).count() == 1 && page.getByText("claims-service").count() > 0
                        && page.locator("tbody").textContent().contains("not a readable event");
            });
            browser.capture("dead-letters");

            // The record claims-service could not even decode: its page shows why and the payload; a replay fails again.
            rowOf(page, "not a readable event").first().getByRole(AriaRole.LINK).click();
            page.waitForLoadState();
            PlaywrightAssertions.assertThat(page.getByTestId("dead-letter-state")).hasText("Parked, not replayed");
            PlaywrightAssertions.assertThat(page.getByTestId("dead-letter-reason")).containsText("invalid event envelope");
            assertTrue(page.getByTestId("dead-letter-payload").textContent().contains("an event"), marker);
            browser.capture("unreadable-dead-letter");
            page.getByLabel("What was fixed").fill("nothing yet, trying");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Replay once")).click();
            page.waitForLoadState();
            browser.capture("replay-refused");
            PlaywrightAssertions.assertThat(page.locator("main")).containsText("still refuses it");
            PlaywrightAssertions.assertThat(page.locator("main")).containsText("Nothing was changed");

            // The record parked while the service was down replays once and is shown replayed, by whom and why.
            browser.open("/operations/dead-letters");
            rowOf(page, replayable.toString()).getByRole(AriaRole.LINK).click();
            page.waitForLoadState();
            browser.capture("replayable-dead-letter");
            page.getByLabel("What was fixed").fill("claims-service is up again");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Replay once")).click();
            page.waitForLoadState();
            browser.capture("replayed");
            PlaywrightAssertions.assertThat(page.getByTestId("dead-letter-state")).hasText("Replayed");
            PlaywrightAssertions.assertThat(page.getByTestId("dead-letter-replay"))
                    .containsText("by " + DemoUsers.OTTO + ": claims-service is up again");
            assertTrue(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Replay once")).count() == 0,
                    "a replayed event offers no second replay");
            browser.open("/operations/dead-letters");
            PlaywrightAssertions.assertThat(rowOf(page, replayable.toString())).containsText("replayed");
            browser.capture("dead-letters-after-replay");
        }
    }

    @Test
    void peopleWithoutTheEventOperatorRoleSeeNoDeadLetters() {
        // Why: parked payloads hold personal data; an auditor reads the audit log, not the payloads.
        try (PortalBrowser browser = new PortalBrowser("auditor-no-dead-letters")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.AUDREY, DemoUsers.PASSWORD);
            assertTrue(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Dead letters")).count() == 0);
            browser.open("/operations/dead-letters/claims/" + CLAIMS_DLQ + ":0:0");
            browser.capture("refused");
            PlaywrightAssertions.assertThat(page.locator("main")).containsText("refused this");
        }
    }
}
