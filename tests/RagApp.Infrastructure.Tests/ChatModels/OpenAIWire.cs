using System.Net;
using System.Text.Json;

namespace RagApp.Infrastructure.Tests.ChatModels;

/// <summary>Responses in the OpenAI chat-completions wire format (JSON and server-sent events).</summary>
internal static class OpenAIWire
{
    public static Func<HttpListenerContext, string, Task> Answer(params string[] pieces) => async (context, body) =>
    {
        var request = JsonDocument.Parse(body).RootElement;
        if (request.TryGetProperty("stream", out var stream) && stream.GetBoolean())
        {
            await StreamAsync(context.Response, pieces);
        }
        else
        {
            await JsonAsync(context.Response, 200, Completion(string.Concat(pieces)));
        }
    };

    public static async Task StreamAsync(HttpListenerResponse response, IEnumerable<string> pieces, bool finish = true)
    {
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.SendChunked = true;
        foreach (var piece in pieces)
        {
            await LoopbackHttpServer.WriteAsync(response, $"data: {Chunk(piece, null)}\n\n");
        }

        if (finish)
        {
            await LoopbackHttpServer.WriteAsync(response, $"data: {Chunk("", "stop")}\n\ndata: [DONE]\n\n");
        }
    }

    public static async Task JsonAsync(HttpListenerResponse response, int status, string json, (string Name, string Value)? header = null)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        if (header is { } h)
        {
            response.AddHeader(h.Name, h.Value);
        }

        await LoopbackHttpServer.WriteAsync(response, json);
    }

    public static Func<HttpListenerContext, string, Task> Error(int status, string message, (string Name, string Value)? header = null) =>
        (context, _) => JsonAsync(context.Response, status, JsonSerializer.Serialize(new { error = new { message, type = "test_error", code = status.ToString(System.Globalization.CultureInfo.InvariantCulture) } }), header);

    private static string Completion(string content) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-1",
        @object = "chat.completion",
        created = 1_700_000_000,
        model = "test-model",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 10, completion_tokens = 5, total_tokens = 15 },
    });

    private static string Chunk(string content, string? finish) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-1",
        @object = "chat.completion.chunk",
        created = 1_700_000_000,
        model = "test-model",
        choices = new[] { new { index = 0, delta = new { role = "assistant", content }, finish_reason = finish } },
    });
}
