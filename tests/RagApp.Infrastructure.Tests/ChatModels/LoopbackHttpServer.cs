using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RagApp.Infrastructure.Tests.ChatModels;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 and a free port, answering each request with the next scripted handler (or the default
/// one). Tests use it as a stand-in for a hosted chat service, speaking that service's wire protocol.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Func<HttpListenerContext, string, Task>> _script = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackHttpServer(Func<HttpListenerContext, string, Task> defaultHandler)
    {
        DefaultHandler = defaultHandler;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public Func<HttpListenerContext, string, Task> DefaultHandler { get; set; }

    /// <summary>Request paths and bodies, in arrival order.</summary>
    public ConcurrentQueue<(string Path, string Body)> Requests { get; } = new();

    /// <summary>A cancellation token that fires when the server stops (for handlers that stall).</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Answers the next request with <paramref name="handler"/> instead of the default one.</summary>
    public LoopbackHttpServer Then(Func<HttpListenerContext, string, Task> handler)
    {
        _script.Enqueue(handler);
        return this;
    }

    /// <summary>A port nothing listens on (connection refused).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public static async Task WriteAsync(HttpListenerResponse response, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await response.OutputStream.WriteAsync(bytes);
        await response.OutputStream.FlushAsync();
    }

    /// <summary>Sends 200 and the headers of a body that never comes, then drops the connection.</summary>
    public static async Task HeadersThenDropAsync(HttpListenerResponse response, string contentType)
    {
        response.StatusCode = 200;
        response.ContentType = contentType;
        response.ContentLength64 = 1000;

        // HttpListener sends the headers on the first write, even an empty one. The pause lets the client read them
        // before the connection goes (were it reset, the client's system would drop what it had not read yet).
        await response.OutputStream.WriteAsync(ReadOnlyMemory<byte>.Empty);
        await response.OutputStream.FlushAsync();
        await Task.Delay(300);
        response.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopping the listener ends the accept loop with one of these.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        Requests.Enqueue((context.Request.Url!.AbsolutePath, body));

        var handler = _script.TryDequeue(out var next) ? next : DefaultHandler;
        try
        {
            await handler(context, body);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The client went away or the handler aborted the connection on purpose.
        }
    }
}
