package dev.berth.engine.container;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.berth.common.AtomicFiles;
import dev.berth.common.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The containers' directories under {@code <data-root>/containers}: one per container, named by its
 * id, holding {@code container.json} (the {@link Container} record, written atomically), the
 * {@code /etc} files it bind-mounts, its log and its root filesystem's upper, work and merged dirs.
 * A directory without {@code container.json} is a create that did not finish: garbage.
 */
final class ContainerStore {
    static final String RECORD = "container.json";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("berth-container")
                    .addSerializer(Instant.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(v.toString());
                        }
                    })
                    .addDeserializer(Instant.class, new JsonDeserializer<>() {
                        @Override
                        public Instant deserialize(JsonParser p, DeserializationContext c) throws IOException {
                            return Instant.parse(p.getValueAsString());
                        }
                    })
                    .addSerializer(Path.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Path v, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(v.toString());
                        }
                    })
                    .addDeserializer(Path.class, new JsonDeserializer<>() {
                        @Override
                        public Path deserialize(JsonParser p, DeserializationContext c) throws IOException {
                            return Path.of(p.getValueAsString());
                        }
                    }))
            .build();

    private final Path root;

    ContainerStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot create " + this.root + ": " + e.getMessage(), e);
        }
    }

    Path root() {
        return root;
    }

    Path dir(String id) {
        return root.resolve(id);
    }

    void save(Container c) {
        try {
            AtomicFiles.write(dir(c.id()).resolve(RECORD), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(c.withExecIds(List.of())));
        } catch (IOException | UncheckedIOException e) {
            throw new EngineException.Unavailable("cannot save container " + c.id() + ": " + e.getMessage(), e);
        }
    }

    /** Containers on disk; {@code problems} gets a line for each unreadable one, {@code incomplete} the ids of directories without a record. */
    List<Container> loadAll(List<String> problems, List<String> incomplete) {
        List<Container> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.sorted().toList()) {
                String id = d.getFileName().toString();
                if (!ID.matcher(id).matches() || !Files.isDirectory(d)) continue;
                Path record = d.resolve(RECORD);
                try {
                    out.add(MAPPER.readValue(Files.readAllBytes(record), Container.class));
                } catch (NoSuchFileException e) {
                    incomplete.add(id);
                } catch (IOException | RuntimeException e) {
                    problems.add("container " + id + " is unreadable (" + record + "): " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot list " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Deletes the container's directory (nothing may be mounted in it any more). */
    void delete(String id) {
        try {
            AtomicFiles.deleteTree(dir(id));
        } catch (UncheckedIOException e) {
            throw new EngineException.Unavailable("cannot delete " + dir(id) + ": " + e.getMessage(), e);
        }
    }
}
