package dev.berth.http;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Netty stays behind dev.berth.http.internal: no public signature of dev.berth.http mentions it. */
class PublicApiTest {

    @Test
    void noNettyTypeInThePublicApi() throws Exception {
        List<String> leaks = new ArrayList<>();
        List<Class<?>> types = publicTypes();
        assertTrue(types.size() >= 10, types.toString());
        for (Class<?> type : types) {
            List<Executable> members = new ArrayList<>(List.of(type.getDeclaredConstructors()));
            members.addAll(List.of(type.getDeclaredMethods()));
            for (Executable m : members) {
                if (!Modifier.isPublic(m.getModifiers()) && !Modifier.isProtected(m.getModifiers())) continue;
                String signature = m.toGenericString()
                        + (m instanceof Method method ? " " + method.getGenericReturnType().getTypeName() : "");
                if (signature.contains("io.netty")) leaks.add(signature);
            }
            if (type.getGenericSuperclass() != null && type.getGenericSuperclass().getTypeName().contains("io.netty")) {
                leaks.add(type + " extends " + type.getGenericSuperclass());
            }
        }
        assertEquals(List.of(), leaks);
    }

    private static List<Class<?>> publicTypes() throws URISyntaxException, java.io.IOException, ClassNotFoundException {
        Path dir = Path.of(HttpServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("dev/berth/http");
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = f.getFileName().toString();
                Class<?> c = Class.forName("dev.berth.http." + name.substring(0, name.length() - 6).replace('/', '.'));
                if (Modifier.isPublic(c.getModifiers())) types.add(c);
            }
        }
        return types;
    }
}
