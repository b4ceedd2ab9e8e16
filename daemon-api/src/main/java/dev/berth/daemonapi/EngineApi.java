package dev.berth.daemonapi;

import dev.berth.api.ApiVersion;
import dev.berth.common.EngineException;
import dev.berth.engine.build.BuildService;
import dev.berth.engine.container.ContainerService;
import dev.berth.engine.network.NetworkService;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.image.ImageService;
import dev.berth.engine.system.SystemService;
import dev.berth.engine.volume.VolumeService;
import dev.berth.http.Router;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** The whole Docker Engine API surface berth serves: every router, the version check and default headers. */
public final class EngineApi {
    private EngineApi() {}

    public static Router router(SystemService system, ImageService images, ContainerService containers,
                                NetworkService networks, VolumeService volumes, BuildService builds, EventBus events,
                                Clock clock) {
        Router r = new Router();
        r.before((req, res) -> req.apiVersion().ifPresent(EngineApi::checkVersion));
        new SystemRouter(system, images, containers, volumes, events).register(r);
        new ImagesRouter(images).register(r);
        new ContainersRouter(containers, networks, clock).register(r);
        new NetworksRouter(networks, containers).register(r);
        new VolumesRouter(volumes).register(r);
        new BuildRouter(builds).register(r);
        return r;
    }

    /** Headers dockerd sends on every response; clients read Api-Version and Ostype from the ping. */
    public static Map<String, String> defaultHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Api-Version", ApiVersion.CURRENT);
        h.put("Docker-Experimental", "false");
        h.put("Ostype", "linux");
        h.put("Server", "Docker/" + ApiVersion.ENGINE_VERSION + " (linux)");
        return h;
    }

    private static void checkVersion(String v) {
        if (ApiVersion.compare(v, ApiVersion.CURRENT) > 0) {
            throw new EngineException.InvalidArgument("client version " + v
                    + " is too new. Maximum supported API version is " + ApiVersion.CURRENT);
        }
        if (ApiVersion.compare(v, ApiVersion.MINIMUM) < 0) {
            throw new EngineException.InvalidArgument("client version " + v
                    + " is too old. Minimum supported API version is " + ApiVersion.MINIMUM
                    + ", please upgrade your client to a newer version");
        }
    }
}
