package org.veil.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** One connection: gathers a request's body within the limit, hands it to the API, writes the answer. */
final class JsonExchange extends ChannelInboundHandlerAdapter {
    private final JsonHttpServer.Naming naming;
    private final JsonHttpServer.AuthorizedApi api;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private HttpRequest request;
    private boolean refused;

    JsonExchange(JsonHttpServer.Naming naming, JsonHttpServer.AuthorizedApi api) {
        this.naming = naming;
        this.api = api;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (refused) return; // lingering after a refusal: drop what still comes
            if (msg instanceof HttpRequest r && !start(ctx, r)) return;
            if (msg instanceof HttpContent c && request != null) gather(ctx, c);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** False when the request is refused from its head alone. */
    private boolean start(ChannelHandlerContext ctx, HttpRequest r) {
        if (r.decoderResult().isFailure()) {
            Throwable cause = r.decoderResult().cause();
            if (cause instanceof TooLongHttpLineException) refuse(ctx, 414, "the request line is longer than " + JsonHttpServer.MAX_LINE + " bytes");
            else if (cause instanceof TooLongHttpHeaderException) refuse(ctx, 431, "the request headers are longer than " + JsonHttpServer.MAX_HEADERS + " bytes");
            else refuse(ctx, 400, "not an HTTP/1.1 request");
            return false;
        }
        if (r.protocolVersion().majorVersion() != 1) {
            refuse(ctx, 400, "not an HTTP/1.1 request (" + ApiError.shown(r.protocolVersion().text()) + ")");
            return false;
        }
        if (!r.uri().startsWith("/")) {
            refuse(ctx, 400, "the request target must be a path such as " + naming.examplePath());
            return false;
        }
        long length;
        try {
            length = HttpUtil.getContentLength(r, -1L);
        } catch (NumberFormatException e) {
            refuse(ctx, 400, "bad Content-Length");
            return false;
        }
        // Refused from the header, before a byte of the body is read.
        if (length > JsonHttpServer.MAX_BODY) {
            refuse(ctx, 413, "the body is " + length + " bytes, more than the " + JsonHttpServer.MAX_BODY + " this API takes");
            return false;
        }
        if (HttpUtil.is100ContinueExpected(r)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        request = r;
        body.reset();
        return true;
    }

    private void gather(ChannelHandlerContext ctx, HttpContent c) {
        if (c.decoderResult().isFailure()) {
            refuse(ctx, 400, "malformed request body (bad chunked encoding?)");
            return;
        }
        int n = c.content().readableBytes();
        if (body.size() + n > JsonHttpServer.MAX_BODY) {
            refuse(ctx, 413, "the body is more than the " + JsonHttpServer.MAX_BODY + " bytes this API takes");
            return;
        }
        byte[] chunk = new byte[n];
        c.content().readBytes(chunk);
        body.writeBytes(chunk);
        if (c instanceof LastHttpContent) {
            HttpRequest r = request;
            request = null;
            answer(ctx, r, body.toByteArray());
        }
    }

    private void answer(ChannelHandlerContext ctx, HttpRequest r, byte[] bytes) {
        boolean keepAlive = HttpUtil.isKeepAlive(r);
        ChannelFuture sent = write(ctx, answer(r, bytes), keepAlive);
        if (!keepAlive) sent.addListener(ChannelFutureListener.CLOSE);
    }

    /** A complete, well-framed request: refused here for what no route accepts, else the API's answer. */
    private JsonHttpServer.Answer answer(HttpRequest r, byte[] bytes) {
        String uri = r.uri();
        if (uri.indexOf('?') >= 0) return error(400, "the " + naming.apiName() + " takes no query string");
        List<String> path;
        try {
            path = segments(uri);
        } catch (IllegalArgumentException e) {
            return error(400, "bad percent-encoding in the path");
        }
        String type = r.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (bytes.length > 0 && type != null && !isJson(type)) {
            return error(415, "Content-Type must be application/json, got " + ApiError.shown(type));
        }
        return api.answer(r.method().name(), path, r.headers().get(HttpHeaderNames.AUTHORIZATION), bytes);
    }

    private static JsonHttpServer.Answer error(int status, String message) {
        return JsonHttpServer.Answer.error(status, message);
    }

    /** Split before decoding, so an encoded slash (%2F) stays inside its segment. */
    private static List<String> segments(String uri) {
        String[] raw = uri.substring(1).split("/", -1);
        List<String> out = new ArrayList<>(raw.length);
        for (String s : raw) out.add(QueryStringDecoder.decodeComponent(s, StandardCharsets.UTF_8));
        if (out.size() > 1 && out.getLast().isEmpty()) out.removeLast(); // one trailing slash
        if (out.size() == 1 && out.getFirst().isEmpty()) out.clear();
        return out;
    }

    private static boolean isJson(String contentType) {
        String t = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return t.equals("application/json") || (t.startsWith("application/") && t.endsWith("+json"));
    }

    private static ChannelFuture write(ChannelHandlerContext ctx, JsonHttpServer.Answer a, boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(a.status()),
                Unpooled.wrappedBuffer(a.json()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, a.json().length);
        if (a.allow() != null) res.headers().set(HttpHeaderNames.ALLOW, a.allow());
        if (!keepAlive) res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return ctx.writeAndFlush(res);
    }

    /** Answers, then stops reading requests on this connection and closes it once the client had time to read. */
    private void refuse(ChannelHandlerContext ctx, int status, String message) {
        refused = true;
        request = null;
        write(ctx, error(status, message), false).addListener(f -> {
            if (ctx.channel() instanceof SocketChannel s) s.shutdownOutput();
            ctx.channel().eventLoop().schedule(() -> ctx.channel().close(), JsonHttpServer.LINGER_SECONDS, TimeUnit.SECONDS);
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) ctx.close(); // a client that went quiet mid-request or between them
        else ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset or broken connection: nothing to answer to
    }
}
