package dev.berth.daemonapi;

import dev.berth.content.local.LocalContentStore;
import dev.berth.engine.container.ContainerService;
import dev.berth.engine.container.ContainerServiceConfig;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.image.ImageService;
import dev.berth.engine.network.NetworkService;
import dev.berth.engine.volume.VolumeService;
import dev.berth.engine.build.BuildService;
import dev.berth.engine.network.NetworkServiceConfig;
import dev.berth.engine.system.HostInfo;
import dev.berth.engine.system.SystemService;
import dev.berth.http.HttpServer;
import dev.berth.http.ListenAddress;
import dev.berth.http.ServerOptions;
import dev.berth.image.ImageStore;
import dev.berth.network.Cidr;
import dev.berth.runtime.RuncRuntime;
import dev.berth.runtime.conmon.Conmon;
import dev.berth.runtime.conmon.ConmonOptions;
import dev.berth.runtime.conmon.ExecRoot;
import dev.berth.snapshot.overlay.OverlayLayerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The engine wired as berthd wires it, served on a loopback TCP port, for the API tests: stores under
 * {@code root}, containers under the cgroup {@code /berth-apitest}, a default bridge of its own.
 *
 * @param base {@code http://127.0.0.1:PORT}
 */
record TestEngine(HttpServer server, ContainerService containers, NetworkService networks, String base)
        implements AutoCloseable {

    /** @param net16 the second octet of the test's own {@code 10.N.0.0/16} and the bridge's name suffix */
    static TestEngine start(Path root, int net16) throws java.io.IOException {
        var layers = new OverlayLayerStore(root.resolve("layers"));
        var store = new ImageStore(root.resolve("images"), new LocalContentStore(root.resolve("content")), layers);
        var events = new EventBus(Clock.systemUTC());
        var images = new ImageService(store, events);
        var conmon = new Conmon(RuncRuntime.find("runc", root.resolve("run/runtime")), new ExecRoot(root.resolve("run")),
                ConmonOptions.defaults());
        var networks = new NetworkService(NetworkServiceConfig.defaults(root, root.resolve("run"))
                .withDefaultBridge("bapitest" + net16, "10." + net16 + ".255.1/24").withPool(Cidr.parse("10." + net16 + ".0.0/16")),
                events, Clock.systemUTC());
        var volumes = new VolumeService(root.resolve("volumes"), events, Clock.systemUTC());
        var containers = new ContainerService(ContainerServiceConfig.defaults(root).withCgroupParent("/berth-apitest"), images,
                networks, volumes, layers::chain, conmon, events, Clock.systemUTC());
        HttpServer server = HttpServer.start(EngineApi.router(new SystemService(HostInfo.probe(), root, "runc"), images,
                containers, networks, volumes,
                new BuildService(images, containers, root.resolve("builder"), Clock.systemUTC()), events, Clock.systemUTC()), new ServerOptions(List.of(new ListenAddress.Tcp("127.0.0.1", 0)),
                EngineApi.defaultHeaders(), new ApiErrors(), Duration.ofSeconds(1)));
        return new TestEngine(server, containers, networks,
                "http://" + server.addresses().getFirst().toString().substring("tcp://".length()));
    }

    @Override
    public void close() {
        server.close();
        containers.close();
        networks.close();
    }
}
