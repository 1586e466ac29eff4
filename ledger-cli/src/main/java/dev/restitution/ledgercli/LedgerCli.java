package dev.restitution.ledgercli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The operator command line of ledger-service. */
@Command(name = "ledger-cli", mixinStandardHelpOptions = true, version = "ledger-cli 0.1.0",
        description = "Operator commands for Restitution's ledger-service.",
        subcommands = {UploadSnapshotCommand.class})
public final class LedgerCli {

    public static void main(String[] arguments) {
        System.exit(new CommandLine(new LedgerCli()).execute(arguments));
    }
}
