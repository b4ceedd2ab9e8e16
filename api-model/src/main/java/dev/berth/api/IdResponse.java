package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonProperty;

public record IdResponse(@JsonProperty("Id") String id) {}
