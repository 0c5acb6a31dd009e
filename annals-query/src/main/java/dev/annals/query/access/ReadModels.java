package dev.annals.query.access;

import dev.annals.query.consistency.ReadModel;
import io.quarkus.arc.All;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read models a service declares, by projection name: the {@link ReadModel} beans its read endpoints produce
 * where they declare them, for {@link ReadAccess} to name.
 */
@Singleton
public class ReadModels {

    private final Map<String, ReadModel> byName = new LinkedHashMap<>();

    ReadModels(@All List<ReadModel> declared) {
        for (ReadModel model : declared) {
            ReadModel before = byName.putIfAbsent(model.projection(), model);
            if (before != null && !before.equals(model)) {
                throw new IllegalStateException("read model " + model.projection() + " is declared twice, as "
                        + before + " and as " + model + "; declare it once");
            }
        }
    }

    public Optional<ReadModel> named(String projection) {
        return Optional.ofNullable(byName.get(projection));
    }

    public Map<String, ReadModel> all() {
        return Map.copyOf(byName);
    }
}
