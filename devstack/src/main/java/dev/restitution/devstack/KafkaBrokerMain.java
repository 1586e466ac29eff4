package dev.restitution.devstack;

import kafka.Kafka;
import kafka.tools.StorageTool;

import org.apache.kafka.common.Uuid;

import java.io.PrintStream;

/**
 * Entry point of the Kafka child JVM that {@link KafkaBroker} starts: formats the KRaft storage of a
 * single combined node, then runs the broker until SIGTERM. It also exits when the JVM that started it
 * is gone, so a test JVM killed with SIGKILL does not leave a broker behind.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    /** Arguments: the server.properties file, the pid of the JVM that owns this broker. */
    public static void main(String[] arguments) {
        if (arguments.length != 2) {
            throw new IllegalArgumentException("usage: KafkaBrokerMain <server.properties> <owner pid>");
        }
        String configuration = arguments[0];
        exitWhenOwnerExits(Long.parseLong(arguments[1]));
        PrintStream out = System.out;
        int formatted = StorageTool.execute(new String[] {
            "format", "--config", configuration, "--cluster-id", Uuid.randomUuid().toString(), "--standalone",
        }, out);
        if (formatted != 0) {
            throw new IllegalStateException("formatting the KRaft storage failed with " + formatted);
        }
        Kafka.main(new String[] {configuration});
    }

    private static void exitWhenOwnerExits(long ownerPid) {
        ProcessHandle.of(ownerPid).ifPresentOrElse(
                owner -> owner.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0));
    }
}
