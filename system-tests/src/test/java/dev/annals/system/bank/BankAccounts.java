package dev.annals.system.bank;

import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

/** The accounts of one scenario: ids of their own (a scenario never sees another's), few enough to contend. */
public record BankAccounts(String scenario, List<String> ids) {

    public static BankAccounts of(String scenario, int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return new BankAccounts(scenario, IntStream.range(0, count)
                .mapToObj(i -> scenario + "-" + run + "-" + i).toList());
    }

    String pick(Random random) {
        return ids.get(random.nextInt(ids.size()));
    }
}
