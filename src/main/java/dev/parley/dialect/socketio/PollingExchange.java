package dev.parley.dialect.socketio;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP long-polling request as engine.io-server sees it. The library takes servlet objects; this
 * gives it the few servlet methods it calls (query, headers, attributes, the bounded body already read,
 * status, headers and body of the answer, async start and completion) over a Vert.x request. The
 * servlet interfaces are large and the library uses a dozen methods, so they are dynamic proxies that
 * fail loudly on anything else. A long poll stays open ("async") until the library completes it.
 * Methods are synchronized: the library may answer a poll from its ping timer thread.
 */
final class PollingExchange implements AsyncContext {
    private final HttpServerRequest vertxRequest;
    private final HttpServerResponse vertxResponse;
    private final byte[] body;
    private final Lane lane;
    private final Vertx vertx;
    private final Map<String, Object> attributes = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    private final List<AsyncListener> listeners = new ArrayList<>();
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private int status = 200;
    private String contentType;
    private String charset;
    private boolean async;
    private boolean done;
    private long timeoutMs;
    private long timer = -1;

    PollingExchange(HttpServerRequest vertxRequest, Buffer body, Lane lane, Vertx vertx) {
        this.vertxRequest = vertxRequest;
        this.vertxResponse = vertxRequest.response();
        this.body = body == null ? new byte[0] : body.getBytes();
        this.lane = lane;
        this.vertx = vertx;
        this.request = proxy(HttpServletRequest.class, (p, m, a) -> onRequest(m.getName(), a));
        this.response = proxy(HttpServletResponse.class, (p, m, a) -> onResponse(m.getName(), a));
        vertxResponse.closeHandler(v -> lane.run(this::abandoned));
    }

    HttpServletRequest request() {
        return request;
    }

    HttpServletResponse response() {
        return response;
    }

    /** The library returned: answer now unless it keeps the poll open for later. */
    synchronized void handled() {
        if (!async) {
            finish();
        }
    }

    /** Answers with an error of our own (the library failed on this request). */
    synchronized void fail(int code, String message) {
        status = code;
        contentType = "text/plain; charset=UTF-8";
        out.reset();
        out.writeBytes(message.getBytes(StandardCharsets.UTF_8));
        finish();
    }

    private synchronized Object onRequest(String method, Object[] args) throws IOException {
        return switch (method) {
            case "getQueryString" -> vertxRequest.query();
            case "getMethod" -> vertxRequest.method().name();
            case "getHeader" -> vertxRequest.getHeader((String) args[0]);
            case "getHeaderNames" -> Collections.enumeration(vertxRequest.headers().names());
            case "getHeaders" -> Collections.enumeration(vertxRequest.headers().getAll((String) args[0]));
            case "getAttribute" -> attributes.get((String) args[0]);
            case "setAttribute" -> attributes.put((String) args[0], args[1]);
            case "removeAttribute" -> attributes.remove((String) args[0]);
            case "getContentLength" -> body.length;
            case "getContentLengthLong" -> (long) body.length;
            case "getInputStream" -> new Input(body);
            case "isAsyncSupported" -> true;
            case "isAsyncStarted" -> async && !done;
            case "startAsync" -> {
                async = true;
                yield this;
            }
            case "getAsyncContext" -> {
                if (!async) {
                    throw new IllegalStateException("async not started");
                }
                yield this;
            }
            case "toString" -> "PollingExchange " + vertxRequest.method() + " " + vertxRequest.path();
            case "hashCode" -> System.identityHashCode(this);
            case "equals" -> args[0] == request;
            default -> throw new UnsupportedOperationException("HttpServletRequest." + method);
        };
    }

    private synchronized Object onResponse(String method, Object[] args) {
        return switch (method) {
            case "setStatus" -> {
                status = (Integer) args[0];
                yield null;
            }
            case "getStatus" -> status;
            case "addHeader" -> headers.add((String) args[0], (String) args[1]);
            case "setHeader" -> headers.set((String) args[0], (String) args[1]);
            case "getHeader" -> headers.get((String) args[0]);
            case "setContentType" -> {
                contentType = (String) args[0];
                yield null;
            }
            case "getContentType" -> contentType;
            case "setCharacterEncoding" -> {
                charset = (String) args[0];
                yield null;
            }
            case "getCharacterEncoding" -> charset == null ? "UTF-8" : charset;
            case "setContentLength", "setContentLengthLong", "flushBuffer" -> null;
            case "isCommitted" -> done;
            case "getWriter" -> writer;
            case "getOutputStream" -> new Output();
            case "toString" -> "PollingExchange response";
            case "hashCode" -> System.identityHashCode(this) + 1;
            case "equals" -> args[0] == response;
            default -> throw new UnsupportedOperationException("HttpServletResponse." + method);
        };
    }

    /** Sends what the library wrote, once. */
    private synchronized void finish() {
        if (done) {
            return;
        }
        done = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        writer.flush();
        if (vertxResponse.ended() || vertxResponse.closed()) {
            return;
        }
        vertxResponse.setStatusCode(status);
        vertxResponse.headers().addAll(headers);
        if (contentType != null) {
            boolean hasCharset = contentType.toLowerCase().contains("charset=");
            vertxResponse.putHeader("Content-Type",
                    charset != null && !hasCharset ? contentType + "; charset=" + charset : contentType);
        }
        vertxResponse.putHeader("Cache-Control", "no-store");
        vertxResponse.end(Buffer.buffer(out.toByteArray()));
    }

    /** The client went away while its poll was open: the library treats it as a transport error. */
    private void abandoned() {
        List<AsyncListener> toCall;
        synchronized (this) {
            if (!async || done) {
                return;
            }
            done = true;
            toCall = List.copyOf(listeners);
        }
        for (AsyncListener l : toCall) {
            try {
                l.onError(new AsyncEvent(this));
            } catch (IOException ignored) {
                // nothing to answer: the connection is gone
            }
        }
    }

    private void timedOut() {
        List<AsyncListener> toCall;
        synchronized (this) {
            if (done) {
                return;
            }
            toCall = List.copyOf(listeners);
        }
        for (AsyncListener l : toCall) {
            try {
                l.onTimeout(new AsyncEvent(this));
            } catch (IOException ignored) {
                // the poll is answered below anyway
            }
        }
        finish();
    }

    // AsyncContext: the open long poll.

    @Override
    public ServletRequest getRequest() {
        return request;
    }

    @Override
    public ServletResponse getResponse() {
        return response;
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return true;
    }

    @Override
    public void dispatch() {
        throw new UnsupportedOperationException("dispatch");
    }

    @Override
    public void dispatch(String path) {
        throw new UnsupportedOperationException("dispatch");
    }

    @Override
    public void dispatch(ServletContext context, String path) {
        throw new UnsupportedOperationException("dispatch");
    }

    @Override
    public void complete() {
        finish();
    }

    @Override
    public void start(Runnable run) {
        lane.run(run);
    }

    @Override
    public synchronized void addListener(AsyncListener listener) {
        listeners.add(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest req, ServletResponse res) {
        addListener(listener);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) {
        throw new UnsupportedOperationException("createListener");
    }

    @Override
    public synchronized void setTimeout(long timeout) {
        timeoutMs = timeout;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        timer = timeout > 0 ? vertx.setTimer(timeout, id -> lane.run(this::timedOut)) : -1;
    }

    @Override
    public synchronized long getTimeout() {
        return timeoutMs;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(PollingExchange.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** The request body, read in full before the library sees the request. */
    private static final class Input extends ServletInputStream {
        private final ByteArrayInputStream in;

        Input(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, b.length - off));
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("setReadListener");
        }
    }

    /** The answer body, buffered until the exchange finishes. */
    private final class Output extends ServletOutputStream {
        @Override
        public void write(int b) {
            synchronized (PollingExchange.this) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (PollingExchange.this) {
                out.write(b, off, len);
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException("setWriteListener");
        }
    }
}
