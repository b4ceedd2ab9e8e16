package dev.berth.http.internal;

import dev.berth.common.EngineException;
import dev.berth.http.Request;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@link Request} decoded by Netty; its body is an {@link InboundStream} fed by the connection. */
final class ServerRequest implements Request {

    private static final Pattern VERSIONED = Pattern.compile("/v([0-9]+(?:\\.[0-9]+)?)(/.*)");

    private final String method;
    private final String path;
    private final String apiVersion;
    private final String rawQuery;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> headers;
    private final OptionalLong contentLength;
    private final boolean keepAlive;
    private final boolean upgradeRequested;
    private final boolean expectContinue;
    private final InboundStream body;
    private final ChannelWriter writer;
    private final AtomicBoolean continueSent = new AtomicBoolean();

    /** @throws IllegalArgumentException if the request target is not a valid origin-form path */
    ServerRequest(HttpRequest request, InboundStream body, ChannelWriter writer) {
        this.method = request.method().name();
        QueryStringDecoder decoded = QueryStringDecoder.builder().hasPath(true).semicolonIsNormalChar(true)
                .maxParams(1024).build(request.uri());
        String fullPath = decoded.path();
        if (!fullPath.startsWith("/")) throw new IllegalArgumentException("request target must start with '/'");
        Matcher m = VERSIONED.matcher(fullPath);
        this.apiVersion = m.matches() ? m.group(1) : null;
        this.path = m.matches() ? m.group(2) : fullPath;
        this.rawQuery = decoded.rawQuery();
        this.query = decoded.parameters();
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> e : request.headers()) {
            h.computeIfAbsent(e.getKey(), k -> new ArrayList<>(1)).add(e.getValue());
        }
        h.replaceAll((k, v) -> List.copyOf(v));
        this.headers = Collections.unmodifiableMap(h);
        this.contentLength = HttpUtil.isTransferEncodingChunked(request)
                ? OptionalLong.empty() : OptionalLong.of(Math.max(0, HttpUtil.getContentLength(request, 0L)));
        this.keepAlive = request.protocolVersion().equals(HttpVersion.HTTP_1_1) && HttpUtil.isKeepAlive(request);
        this.upgradeRequested = request.headers().contains(HttpHeaderNames.UPGRADE);
        this.expectContinue = HttpUtil.is100ContinueExpected(request);
        this.body = body;
        this.writer = writer;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Optional<String> apiVersion() {
        return Optional.ofNullable(apiVersion);
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    @Override
    public List<String> queryAll(String name) {
        return List.copyOf(query.getOrDefault(name, List.of()));
    }

    @Override
    public String pathParam(String name) {
        throw new IllegalArgumentException("no path parameter '" + name + "' outside a routed handler");
    }

    @Override
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null ? Optional.empty() : Optional.of(values.getFirst());
    }

    @Override
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    @Override
    public Map<String, List<String>> headers() {
        return headers;
    }

    @Override
    public OptionalLong contentLength() {
        return contentLength;
    }

    @Override
    public InputStream body() {
        if (expectContinue && continueSent.compareAndSet(false, true)) {
            try {
                writer.write(io.netty.buffer.Unpooled.wrappedBuffer(Wire.CONTINUE));
            } catch (IOException e) {
                // The client is gone; reading the body will fail the same way.
            }
        }
        return body;
    }

    @Override
    public byte[] bodyBytes(int maxBytes) throws IOException {
        if (contentLength.isPresent() && contentLength.getAsLong() > maxBytes) throw tooLarge(maxBytes);
        byte[] data = body().readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
        if (data.length > maxBytes) throw tooLarge(maxBytes);
        return data;
    }

    private static EngineException.InvalidArgument tooLarge(int maxBytes) {
        return new EngineException.InvalidArgument("request body is too large: at most " + maxBytes + " bytes are accepted");
    }

    boolean keepAlive() {
        return keepAlive;
    }

    boolean upgradeRequested() {
        return upgradeRequested;
    }

    /** Discards what is left of the body (waiting for it), before the connection is taken over. */
    void skipBody(long limit) throws IOException {
        body.skipToEnd(limit);
    }

    @Override
    public String toString() {
        return method + " " + (apiVersion == null ? "" : "/v" + apiVersion) + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
    }
}
