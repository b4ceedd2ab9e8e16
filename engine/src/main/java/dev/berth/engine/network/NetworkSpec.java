package dev.berth.engine.network;

import java.util.Map;

/**
 * {@code docker network create}: what is asked for. Null subnet: one is picked from the pool.
 *
 * @param driver null or empty for {@code bridge}
 */
public record NetworkSpec(String name, String driver, String subnet, String gateway, String ipRange, boolean internal,
                          boolean attachable, Map<String, String> labels, Map<String, String> options) {}
