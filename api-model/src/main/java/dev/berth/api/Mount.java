package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A mount requested with {@code --mount} ({@code HostConfig.Mounts} item). {@code Type} is
 * {@code bind}, {@code volume}, {@code tmpfs}, {@code image} or {@code npipe}; the options record
 * matching the type may be set. Every field is omitted from JSON when empty, as the API does.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Mount(
        @JsonProperty("Type") String type,
        @JsonProperty("Source") String source,
        @JsonProperty("Target") String target,
        @JsonProperty("ReadOnly") Boolean readOnly,
        @JsonProperty("Consistency") String consistency,
        @JsonProperty("BindOptions") BindOptions bindOptions,
        @JsonProperty("VolumeOptions") VolumeOptions volumeOptions,
        @JsonProperty("ImageOptions") ImageOptions imageOptions,
        @JsonProperty("TmpfsOptions") TmpfsOptions tmpfsOptions) {

    /** Options of a bind mount; propagation is one of private, rprivate, shared, rshared, slave, rslave. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BindOptions(
            @JsonProperty("Propagation") String propagation,
            @JsonProperty("NonRecursive") Boolean nonRecursive,
            @JsonProperty("CreateMountpoint") Boolean createMountpoint,
            @JsonProperty("ReadOnlyNonRecursive") Boolean readOnlyNonRecursive,
            @JsonProperty("ReadOnlyForceRecursive") Boolean readOnlyForceRecursive) {}

    /** Options of a volume mount: copy-up suppression, labels for a volume created on the fly, its driver. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VolumeOptions(
            @JsonProperty("NoCopy") Boolean noCopy,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("Subpath") String subpath,
            @JsonProperty("DriverConfig") Driver driverConfig) {}

    /** A volume driver and its options. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Driver(@JsonProperty("Name") String name, @JsonProperty("Options") Map<String, String> options) {}

    /** Options of an image mount. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImageOptions(@JsonProperty("Subpath") String subpath) {}

    /** Options of a tmpfs mount: size in bytes, permission bits (octal meaning, decimal in JSON), mount options. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TmpfsOptions(
            @JsonProperty("SizeBytes") Long sizeBytes,
            @JsonProperty("Mode") Integer mode,
            @JsonProperty("Options") List<List<String>> options) {}
}
