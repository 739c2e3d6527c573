using System.Net;
using System.Text.Json;

namespace RagApp.Infrastructure.Tests.ChatModels;

/// <summary>Responses in Ollama's native <c>/api/chat</c> wire format (one JSON object a line when streaming).</summary>
internal static class OllamaWire
{
    public static Func<HttpListenerContext, string, Task> Answer(params string[] pieces) => async (context, body) =>
    {
        var request = JsonDocument.Parse(body).RootElement;
        var stream = !request.TryGetProperty("stream", out var s) || s.GetBoolean();
        if (stream)
        {
            await StreamAsync(context.Response, pieces);
        }
        else
        {
            context.Response.ContentType = "application/json";
            await LoopbackHttpServer.WriteAsync(context.Response, Line(string.Concat(pieces), done: true));
        }
    };

    public static async Task StreamAsync(HttpListenerResponse response, IEnumerable<string> pieces, bool finish = true)
    {
        response.StatusCode = 200;
        response.ContentType = "application/x-ndjson";
        response.SendChunked = true;
        foreach (var piece in pieces)
        {
            await LoopbackHttpServer.WriteAsync(response, Line(piece, done: false) + "\n");
        }

        if (finish)
        {
            await LoopbackHttpServer.WriteAsync(response, Line("", done: true) + "\n");
        }
    }

    public static Func<HttpListenerContext, string, Task> Error(int status, string message) => async (context, _) =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await LoopbackHttpServer.WriteAsync(context.Response, JsonSerializer.Serialize(new { error = message }));
    };

    private static string Line(string content, bool done) => done
        ? JsonSerializer.Serialize(new
        {
            model = "test-model",
            created_at = "2025-01-01T00:00:00Z",
            message = new { role = "assistant", content },
            done = true,
            done_reason = "stop",
            total_duration = 1000,
            load_duration = 10,
            prompt_eval_count = 10,
            prompt_eval_duration = 100,
            eval_count = 5,
            eval_duration = 100,
        })
        : JsonSerializer.Serialize(new
        {
            model = "test-model",
            created_at = "2025-01-01T00:00:00Z",
            message = new { role = "assistant", content },
            done = false,
        });
}
