package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code POST /networks/create}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkCreateRequest(
        @JsonProperty("Name") String name,
        @JsonProperty("CheckDuplicate") Boolean checkDuplicate,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Internal") Boolean internal,
        @JsonProperty("Attachable") Boolean attachable,
        @JsonProperty("Ingress") Boolean ingress,
        @JsonProperty("IPAM") NetworkResource.Ipam ipam,
        @JsonProperty("EnableIPv6") Boolean enableIpv6,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels) {}
