using System.ClientModel;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.SemanticKernel;
using RagApp.Core.Chat;
using RagApp.Core.Options;

namespace RagApp.Infrastructure.ChatModels;

/// <summary>
/// The one place that turns what chat SDKs throw (Semantic Kernel, OpenAI, OllamaSharp, HttpClient, LLamaSharp,
/// ONNX Runtime GenAI) into a one-line <see cref="ChatProviderException"/> that names the setting to fix.
/// Messages never contain the API key.
/// </summary>
public sealed class ChatErrorTranslator
{
    private readonly ChatProviderOptions _options;

    public ChatErrorTranslator(ChatProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    private string Provider => _options.Provider;

    private string Endpoint => string.IsNullOrWhiteSpace(_options.Endpoint) ? "(default)" : _options.Endpoint;

    /// <summary>A timeout after <c>Chat:TimeoutSeconds</c>.</summary>
    public ChatProviderException Timeout(Exception? inner = null) => new(
        $"{Provider} did not answer within {_options.TimeoutSeconds} s (Chat:TimeoutSeconds) at Chat:Endpoint {Endpoint}.", inner ?? new TimeoutException());

    /// <summary>A stream that ended before the answer was complete.</summary>
    public ChatProviderException StreamCut(Exception? inner = null) => inner is null
        ? new($"{Provider} closed the connection in the middle of the answer; ask again.")
        : new($"{Provider} closed the connection in the middle of the answer; ask again.", inner);

    /// <summary>A connection that the server closed before any text of the answer.</summary>
    public ChatProviderException ClosedBeforeAnswer(Exception? inner = null) => inner is null
        ? new($"{Provider} closed the connection before answering; ask again.")
        : new($"{Provider} closed the connection before answering; ask again.", inner);

    /// <summary>Rate limiting that outlasted the retries.</summary>
    public ChatProviderException RateLimited(int attempts, Exception inner) => new(
        $"{Provider} is rate-limiting requests (HTTP 429) and still was after {attempts} attempts; wait a moment and ask again.", inner);

    /// <summary>Translates <paramref name="exception"/>; a <see cref="ChatProviderException"/> is returned as is.</summary>
    public ChatProviderException Translate(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is ChatProviderException translated)
        {
            return translated;
        }

        return new ChatProviderException(Redact(Describe(exception).Message), exception);
    }

    /// <summary>What <paramref name="exception"/> says: status, Retry-After and the user message.</summary>
    internal ChatFailure Describe(Exception exception)
    {
        var chain = Flatten(exception).ToList();
        var status = chain.Select(StatusOf).FirstOrDefault(s => s is not null);
        var retryAfter = chain.Select(RetryAfterOf).FirstOrDefault(r => r is not null);
        var closed = status is null && chain.Any(e =>
            e is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } or HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded });

        // HttpClient wraps a connection that ended before the response headers in an HttpRequestException. A streamed
        // body that ends early surfaces as a bare HttpIOException: the server had taken that request, so it is not
        // retried. (HttpClient wraps a buffered body that ends early as it does the former, so that one is retried once.)
        var closedBeforeResponse = closed && chain.Any(e => e is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded });
        return new ChatFailure(status, retryAfter, MessageFor(chain, status), closedBeforeResponse, closed);
    }

    private string MessageFor(List<Exception> chain, int? status)
    {
        var model = string.IsNullOrWhiteSpace(_options.Model) ? "(none)" : _options.Model;
        switch (status)
        {
            case 401 or 403:
                return $"{Provider} refused the request (HTTP {status}): check Chat:ApiKey (RAGAPP_Chat__ApiKey).";
            case 404:
                return $"{Provider} does not know model '{model}' (HTTP 404): check Chat:Model (and that Chat:Endpoint {Endpoint} is the API's base URL).";
            case 429:
                return $"{Provider} is rate-limiting requests (HTTP 429); wait a moment and ask again.";
            case >= 500:
                return $"{Provider} server error (HTTP {status}) at Chat:Endpoint {Endpoint}{ServerSays(chain)}; try again later.";
            case >= 400:
                return $"{Provider} rejected the request (HTTP {status}): {FirstLine(chain[0].Message)}";
        }

        if (chain.OfType<SocketException>().FirstOrDefault() is { } socket)
        {
            var reason = socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "host not found",
                SocketError.TimedOut => "connection timed out",
                _ => FirstLine(socket.Message),
            };
            return $"cannot reach Chat:Endpoint {Endpoint}: {reason}.";
        }

        if (chain.OfType<HttpRequestException>().FirstOrDefault(h => h.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError) is { } connect)
        {
            return $"cannot reach Chat:Endpoint {Endpoint}: {FirstLine(connect.Message)}";
        }

        if (chain.OfType<TimeoutException>().Any())
        {
            return Timeout().Message;
        }

        if (chain.OfType<JsonException>().Any()
            || chain.OfType<HttpRequestException>().Any(h => h.HttpRequestError == HttpRequestError.InvalidResponse))
        {
            return $"{Provider} sent a malformed response (not the expected JSON): check that Chat:Endpoint {Endpoint} is a {Provider}-compatible API.";
        }

        if (chain.OfType<HttpRequestException>().Any(h => h.HttpRequestError == HttpRequestError.ResponseEnded)
            || chain.OfType<IOException>().Any())
        {
            return StreamCut().Message;
        }

        if (chain.OfType<LLama.Exceptions.LLamaDecodeError>().Any(e => e.Message.Contains("NoKvSlot", StringComparison.Ordinal)))
        {
            return $"the prompt does not fit the model's context: raise Chat:ContextSize (now {_options.ContextSize}), or ground on fewer chunks (--top, Retrieval:Top) or less history (Chat:HistoryTokenBudget).";
        }

        // The prompt fitted but the answer filled what was left of the context (LLamaSharp names a setting of its own).
        if (chain.OfType<LLama.Exceptions.ContextOverflowException>().Any())
        {
            return $"the answer filled the model's context before it ended: raise Chat:ContextSize (now {_options.ContextSize}), or ground on fewer chunks (--top, Retrieval:Top) or lower Chat:MaxOutputTokens (now {_options.MaxOutputTokens}).";
        }

        if (chain.OfType<FileNotFoundException>().FirstOrDefault() is { } missing)
        {
            return $"Chat:ModelPath {missing.FileName ?? _options.ModelPath} not found.";
        }

        return $"{Provider} failed: {FirstLine(chain[^1].Message)}";
    }

    private static int? StatusOf(Exception exception) => exception switch
    {
        HttpOperationException { StatusCode: { } code } => (int)code,
        ClientResultException { Status: > 0 } client => client.Status,
        HttpRequestException { StatusCode: { } code } => (int)code,
        _ => null,
    };

    /// <summary>
    /// What the server's error body says, as <c>: "..."</c> (the OpenAI-style <c>error.message</c>, an <c>error</c> string,
    /// else the body's first line; at most 200 characters), or nothing when no body came with the error.
    /// </summary>
    private static string ServerSays(List<Exception> chain)
    {
        var body = chain.Select(e => e switch
        {
            ClientResultException client => client.GetRawResponse()?.Content?.ToString(),
            HttpOperationException operation => operation.ResponseContent,
            _ => null,
        }).FirstOrDefault(b => !string.IsNullOrWhiteSpace(b));
        if (body is null)
        {
            return string.Empty;
        }

        var said = body;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error))
            {
                said = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                    ? message.GetString()!
                    : error.ValueKind == JsonValueKind.String ? error.GetString()! : body;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body's first line as it is.
        }

        said = FirstLine(said).Trim();
        return said.Length == 0 ? string.Empty : $": \"{(said.Length <= 200 ? said : said[..200] + "…")}\"";
    }

    private static TimeSpan? RetryAfterOf(Exception exception)
    {
        if (exception is not ClientResultException client || client.GetRawResponse() is not { } response
            || !response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        }

        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var date)
            ? (date - DateTimeOffset.UtcNow) is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero
            : null;
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }

                yield break;
            }
        }
    }

    private static string FirstLine(string message) =>
        message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? message;

    private string Redact(string message) =>
        string.IsNullOrEmpty(_options.ApiKey) ? message : message.Replace(_options.ApiKey, "***", StringComparison.Ordinal);
}
