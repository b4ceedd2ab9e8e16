package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /networks/{id}/connect} and {@code /disconnect} ({@code Force} for the latter). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkConnectRequest(@JsonProperty("Container") String container,
                                    @JsonProperty("EndpointConfig") EndpointSettings endpointConfig,
                                    @JsonProperty("Force") Boolean force) {}
