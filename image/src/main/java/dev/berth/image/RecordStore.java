package dev.berth.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.common.AtomicFiles;
import dev.berth.common.EngineException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.OciJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The image store's own files, each written whole with {@link AtomicFiles#write}:
 * <pre>
 * root/images/&lt;id-hex&gt;.json   one {@link ImageRecord} per image
 * root/repositories.json         every name: full reference → image id and tag time
 * </pre>
 * A name is written only after its image's record, and a record only after its blobs and layers,
 * so each file only ever points at things that exist.
 */
final class RecordStore {
    static final int VERSION = 1;
    private static final Pattern RECORD_FILE = Pattern.compile("([a-f0-9]{64})\\.json");

    /** What the store keeps per image; the config itself stays in the content store. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ImageRecord(int version, Digest id, Descriptor config, List<ImageLayer> layers, Digest parent) {
        ImageRecord {
            layers = layers == null ? List.of() : List.copyOf(layers);
        }
    }

    /** One name in {@code repositories.json}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Reference(Digest id, String taggedAt) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record References(int version, SortedMap<String, Reference> references) {}

    /** A record file that could not be read: recover() reports and removes it. */
    record Problem(Path file, String message) {}

    private final Path imagesDir;
    private final Path referencesFile;

    RecordStore(Path root) {
        this.imagesDir = root.resolve("images");
        this.referencesFile = root.resolve("repositories.json");
        try {
            Files.createDirectories(imagesDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create image store at " + root + ": " + e.getMessage(), e);
        }
    }

    List<ImageRecord> readRecords(List<Problem> problems) {
        List<ImageRecord> records = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(imagesDir)) {
            for (Path p : dir) {
                var m = RECORD_FILE.matcher(p.getFileName().toString());
                if (!m.matches()) continue;
                try {
                    ImageRecord r = OciJson.read(Files.readAllBytes(p), ImageRecord.class, "image record " + p);
                    if (r == null || r.id() == null || !r.id().hex().equals(m.group(1)) || r.config() == null) {
                        problems.add(new Problem(p, "image record " + p + " is damaged"));
                    } else {
                        records.add(r);
                    }
                } catch (EngineException.InvalidArgument e) {
                    problems.add(new Problem(p, e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image records in " + imagesDir + ": " + e.getMessage(), e);
        }
        return records;
    }

    SortedMap<String, Reference> readReferences(List<Problem> problems) {
        try {
            References refs = OciJson.read(Files.readAllBytes(referencesFile), References.class, "image names file");
            return refs == null || refs.references() == null ? new TreeMap<>() : new TreeMap<>(refs.references());
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + referencesFile + ": " + e.getMessage(), e);
        } catch (EngineException.InvalidArgument e) {
            problems.add(new Problem(referencesFile, e.getMessage() + "; image names were lost"));
            return new TreeMap<>();
        }
    }

    void writeRecord(ImageRecord record) {
        AtomicFiles.write(recordFile(record.id()), OciJson.write(record));
    }

    void deleteRecord(Digest id) {
        delete(recordFile(id));
    }

    void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            AtomicFiles.syncDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }

    void writeReferences(Map<String, Reference> refs) {
        AtomicFiles.write(referencesFile, OciJson.write(new References(VERSION, new TreeMap<>(refs))));
    }

    /** Removes temporary files of writes a crash interrupted. */
    int removeTemporaryFiles() {
        int removed = 0;
        for (Path dir : List.of(imagesDir, referencesFile.getParent())) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*.tmp-*")) {
                for (Path p : entries) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean " + dir + ": " + e.getMessage(), e);
            }
        }
        return removed;
    }

    private Path recordFile(Digest id) {
        return imagesDir.resolve(id.hex() + ".json");
    }
}
